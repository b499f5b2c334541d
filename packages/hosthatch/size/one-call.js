// Size budget entry (see .size-limit.json): what an app pays for one call, the HostHatch core and one operation
// function: the bundle holds only what that call needs (see the README's "Size" section for where the bytes go).
import { createHostHatchCore, listServers } from "../dist/index.js";

const core = createHostHatchCore({ apiKey: "token" });
listServers(core).then((page) => console.log(page.items));
