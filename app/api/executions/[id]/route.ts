import { idParam, json, route } from "@/lib/http";
import { getExecution } from "@/lib/queries/executions";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** GET /api/executions/:idOrArn */
export const GET = route(async (_request: Request, { params }: Context) => {
  const { id } = await params;
  return json(await getExecution(idParam.parse(id)));
});
