// Size budget entry (see .size-limit.json): what an app pays for the whole client, every operation as a method,
// with one call made through it.
import { createHostHatchClient } from "../dist/index.js";

const hosthatch = createHostHatchClient({ apiKey: "token" });
hosthatch.listServers().then((page) => console.log(page.items));
