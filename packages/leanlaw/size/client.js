// Size budget entry (see .size-limit.json): what an app pays for the whole client, every operation as a method,
// with one call made through it.
import { createLeanLawClient } from "../dist/index.js";

const leanlaw = createLeanLawClient({ apiKey: "token" });
leanlaw
  .listClients()
  .toArray()
  .then((clients) => console.log(clients));
