// Size budget entry (see .size-limit.json): what an app pays to import the client and make one call.
import { createLeanLawClient } from "../dist/index.js";

const leanlaw = createLeanLawClient({ apiKey: "token" });
leanlaw
  .listClients()
  .toArray()
  .then((clients) => console.log(clients));
