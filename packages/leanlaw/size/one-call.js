// Size budget entry (see .size-limit.json): what an app pays for one call, the LeanLaw core and one operation
// function: the bundle holds only what that call needs (see the README's "Size" section for where the bytes go).
import { createLeanLawCore, listClients } from "../dist/index.js";

const core = createLeanLawCore({ apiKey: "token" });
listClients(core)
  .toArray()
  .then((clients) => console.log(clients));
