import {
  GetScheduleCommand,
  ListSchedulesCommand,
  SchedulerClient,
} from "@aws-sdk/client-scheduler";

const client = new SchedulerClient({});
const group = () => JSON.parse(process.env.SST_RESOURCE_PublishSchedules ?? "{}").group as string;

/** The one-time schedules the stack holds for a target, by name (`<targetId>-v<version>`). */
export async function schedulesFor(targetId: string): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListSchedulesCommand({
        GroupName: group(),
        NamePrefix: `${targetId}-v`,
        NextToken: token,
      }),
    );
    names.push(...(page.Schedules ?? []).map((s) => s.Name ?? ""));
    token = page.NextToken;
  } while (token);
  return names.sort();
}

export async function scheduleExpression(name: string): Promise<string | undefined> {
  const schedule = await client.send(new GetScheduleCommand({ GroupName: group(), Name: name }));
  return schedule.ScheduleExpression;
}
