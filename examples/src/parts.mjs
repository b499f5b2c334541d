// One line per provider part of the demo, in the order the tour shows them.
export const parts = [
  ["Hatch", () => import("./hatch.mjs")],
  ["Hatebase", () => import("./hatebase.mjs")],
  ["HostHatch", () => import("./hosthatch.mjs")],
  ["LeanLaw", () => import("./leanlaw.mjs")],
  ["HappyGrasshopper", () => import("./happy-grasshopper.mjs")],
  ["Fleet (@hatchery/redis)", () => import("./fleet.mjs")],
];
