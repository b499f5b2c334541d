// Size budget entry (see .size-limit.json): what an app pays to import the client and make one call.
import { createHatchClient } from "../dist/index.js";

const hatch = createHatchClient({ apiKey: "token" });
hatch.upsertContact({ body: { email: "ada@example.com" } }).then((contact) => console.log(contact));
