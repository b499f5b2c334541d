// HappyGrasshopper part of the demo (scaffolded by `pnpm new-provider happy-grasshopper`): the client against its fake on 127.0.0.1.
import { createHappyGrasshopperClient } from "@hatchery/happy-grasshopper";
import { createHappyGrasshopperFake, HAPPY_GRASSHOPPER_FAKE_API_KEY, serve } from "@hatchery/happy-grasshopper/testing";

export async function run(log) {
  const server = await serve(createHappyGrasshopperFake().handler);
  try {
    const client = createHappyGrasshopperClient({ apiKey: HAPPY_GRASSHOPPER_FAKE_API_KEY, baseUrl: server.url });
    const page = await client.searchUsers();
    log(`searchUsers -> ${page.items.length} item(s) on the first page`);
  } finally {
    await server.close();
  }
}
