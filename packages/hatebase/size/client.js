// Size budget entry (see .size-limit.json): what an app pays for the whole client, every operation as a method,
// with one call made through it.
import { createHatebaseClient } from "../dist/index.js";

const hatebase = createHatebaseClient({ apiKey: "key" });
hatebase.getVocabulary({ language: "ENG" }).then((page) => console.log(page.items));
