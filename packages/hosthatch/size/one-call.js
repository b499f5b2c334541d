// Size budget entry (see .size-limit.json): what an app pays to import the client and make one call.
import { createHostHatchClient } from "../dist/index.js";

const hosthatch = createHostHatchClient({ apiKey: "token" });
hosthatch.listServers().then((servers) => console.log(servers));
