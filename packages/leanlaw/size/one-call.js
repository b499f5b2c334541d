// Size budget entry (see .size-limit.json): what an app pays for one call, the LeanLaw core and one operation
// function: the bundle holds only what that call needs (see the README's "Size" section for where the bytes go).
// The limit is the measured size (size-limit, min + gzip; the README's "Size" section) plus about 3 %. Issue 18's goal for this call is
// 7.0 kB; with every guarantee kept it is not reached (the README's "Size" section says where the bytes go).
import { createLeanLawCore, listClients } from "../dist/index.js";

const core = createLeanLawCore({ apiKey: "token" });
listClients(core)
  .toArray()
  .then((clients) => console.log(clients));
