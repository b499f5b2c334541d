// Size budget entry (see .size-limit.json): what an app pays for one call, the Hatebase core and one operation
// function: the bundle holds only what that call needs (see the README's "Size" section for where the bytes go).
import { createHatebaseCore, getVocabulary } from "../dist/index.js";

const core = createHatebaseCore({ apiKey: "key" });
getVocabulary(core, { language: "ENG" }).then((page) => console.log(page.items));
