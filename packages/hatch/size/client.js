// Size budget entry (see .size-limit.json): what an app pays for the whole client, every operation as a method,
// with one call made through it.
import { createHatchClient } from "../dist/index.js";

const hatch = createHatchClient({ apiKey: "token" });
hatch.upsertContact({ email: "ada@example.com" }).then((contact) => console.log(contact));
