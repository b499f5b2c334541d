// Size budget entry (see .size-limit.json): what an app pays for the whole client, every operation as a method,
// with one call made through it.
import { createHappyGrasshopperClient } from "../dist/index.js";

const hg = createHappyGrasshopperClient({ apiKey: "key" });
hg.createContact({ user_id: 77180, email: "ada@example.com" }).then((contact) => console.log(contact));
