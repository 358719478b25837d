import { ClientTokens } from "./client-tokens.ts";
import {
  checkName,
  definitionToWire,
  parseDefinition,
  type ScheduleDefinition,
} from "./definition.ts";
import { newExecutionId, type SqsDelivery } from "./delivery.ts";
import { invalid, SchedulerError } from "./errors.ts";
import { nextOccurrence, pickInvocationTime, type ScheduleExpression } from "./expression.ts";
import { page } from "./paging.ts";
import type { TimerEntry, TimerQueue } from "./timer.ts";
import { zonedTimeToUtc } from "./zone.ts";

type Json = Record<string, unknown>;

interface ScheduleRecord {
  name: string;
  groupName: string;
  arn: string;
  definition: ScheduleDefinition;
  expression: ScheduleExpression;
  creationDate: number;
  lastModificationDate: number;
  /** Bumped by every update, so work started for an older definition can tell. */
  version: number;
  /** A one-time schedule fires once per definition. */
  fired: boolean;
  pending?: TimerEntry;
}

interface GroupRecord {
  name: string;
  arn: string;
  creationDate: number;
  lastModificationDate: number;
  tags: Map<string, string>;
}

export interface ScheduleServiceOptions {
  region: string;
  accountId: string;
  exact: boolean;
  random: () => number;
  timers: TimerQueue;
  delivery: SqsDelivery;
  count: (counter: string) => void;
}

const DEFAULT_GROUP = "default";
const seconds = (ms: number) => ms / 1000;

const notFound = (message: string) => new SchedulerError("ResourceNotFoundException", message);
const conflict = (message: string) => new SchedulerError("ConflictException", message);

/** The schedules and groups of one emulated account and region, and their firing. */
export class ScheduleService {
  private readonly groups = new Map<string, GroupRecord>();
  private readonly schedules = new Map<string, ScheduleRecord>();
  private readonly clientTokens = new ClientTokens();

  constructor(private readonly options: ScheduleServiceOptions) {
    this.putGroup(DEFAULT_GROUP, new Map());
  }

  createSchedule(name: string, body: Json): Json {
    checkName(name, "name");
    const groupName = checkName(body.GroupName ?? DEFAULT_GROUP, "groupName");
    return this.clientTokens.run("CreateSchedule", body, { name }, () => {
      const now = Date.now();
      const { definition, expression } = parseDefinition(body, now);
      if (!this.groups.has(groupName))
        throw notFound(`Schedule group ${groupName} does not exist.`);
      const key = this.key(groupName, name);
      if (this.schedules.has(key)) throw conflict(`Schedule ${name} already exists.`);
      const record: ScheduleRecord = {
        name,
        groupName,
        arn: `arn:aws:scheduler:${this.options.region}:${this.options.accountId}:schedule/${groupName}/${name}`,
        definition,
        expression,
        creationDate: now,
        lastModificationDate: now,
        version: 0,
        fired: false,
      };
      this.schedules.set(key, record);
      this.arm(record, now - 1);
      return { ScheduleArn: record.arn };
    });
  }

  updateSchedule(name: string, body: Json): Json {
    checkName(name, "name");
    const groupName = checkName(body.GroupName ?? DEFAULT_GROUP, "groupName");
    return this.clientTokens.run("UpdateSchedule", body, { name }, () => {
      const now = Date.now();
      const { definition, expression } = parseDefinition(body, now);
      const record = this.find(groupName, name);
      // The whole definition is replaced, as AWS does: omitted fields fall back to defaults.
      Object.assign(record, {
        definition,
        expression,
        lastModificationDate: now,
        version: record.version + 1,
        fired: false,
      });
      this.arm(record, now - 1);
      return { ScheduleArn: record.arn };
    });
  }

  deleteSchedule(name: string, query: URLSearchParams): Json {
    checkName(name, "name");
    const groupName = checkName(query.get("groupName") ?? DEFAULT_GROUP, "groupName");
    const body = { ClientToken: query.get("clientToken") ?? undefined };
    return this.clientTokens.run("DeleteSchedule", body, { name, groupName }, () => {
      this.remove(this.find(groupName, name));
      return {};
    });
  }

  getSchedule(name: string, query: URLSearchParams): Json {
    checkName(name, "name");
    const record = this.find(checkName(query.get("groupName") ?? DEFAULT_GROUP, "groupName"), name);
    return {
      Arn: record.arn,
      GroupName: record.groupName,
      Name: record.name,
      CreationDate: seconds(record.creationDate),
      LastModificationDate: seconds(record.lastModificationDate),
      ...definitionToWire(record.definition),
    };
  }

  listSchedules(query: URLSearchParams): Json {
    const groupName = query.get("ScheduleGroup");
    const prefix = query.get("NamePrefix");
    const state = query.get("State");
    if (groupName !== null) checkName(groupName, "groupName");
    if (prefix !== null) checkName(prefix, "namePrefix");
    if (state !== null && state !== "ENABLED" && state !== "DISABLED") {
      throw invalid(
        `1 validation error detected: Value '${state}' at 'state' failed to satisfy constraint: Member must satisfy enum value set: [ENABLED, DISABLED]`,
      );
    }
    const matching = [...this.schedules.values()].filter(
      (record) =>
        (groupName === null || record.groupName === groupName) &&
        (prefix === null || record.name.startsWith(prefix)) &&
        (state === null || record.definition.State === state),
    );
    const { slice, nextToken } = page(matching, (r) => this.key(r.groupName, r.name), query);
    return {
      Schedules: slice.map((record) => ({
        Arn: record.arn,
        Name: record.name,
        GroupName: record.groupName,
        State: record.definition.State,
        CreationDate: seconds(record.creationDate),
        LastModificationDate: seconds(record.lastModificationDate),
        Target: { Arn: record.definition.Target.Arn },
      })),
      NextToken: nextToken,
    };
  }

  createScheduleGroup(name: string, body: Json): Json {
    checkName(name, "name");
    const tags = this.parseTags(body.Tags);
    return this.clientTokens.run("CreateScheduleGroup", body, { name }, () => {
      if (this.groups.has(name)) throw conflict(`Schedule group ${name} already exists.`);
      return { ScheduleGroupArn: this.putGroup(name, tags).arn };
    });
  }

  getScheduleGroup(name: string): Json {
    return this.groupToWire(this.findGroup(checkName(name, "name")));
  }

  deleteScheduleGroup(name: string, query: URLSearchParams): Json {
    checkName(name, "name");
    const body = { ClientToken: query.get("clientToken") ?? undefined };
    return this.clientTokens.run("DeleteScheduleGroup", body, { name }, () => {
      if (name === DEFAULT_GROUP) throw invalid("The default schedule group cannot be deleted.");
      const group = this.findGroup(name);
      // Deleting a group deletes every schedule in it.
      for (const record of [...this.schedules.values()]) {
        if (record.groupName === group.name) this.remove(record);
      }
      this.groups.delete(name);
      return {};
    });
  }

  listScheduleGroups(query: URLSearchParams): Json {
    const prefix = query.get("NamePrefix");
    if (prefix !== null) checkName(prefix, "namePrefix");
    const matching = [...this.groups.values()].filter(
      (group) => prefix === null || group.name.startsWith(prefix),
    );
    const { slice, nextToken } = page(matching, (group) => group.name, query);
    return { ScheduleGroups: slice.map((group) => this.groupToWire(group)), NextToken: nextToken };
  }

  listTagsForResource(arn: string): Json {
    const group = this.groupByArn(arn);
    return { Tags: [...group.tags].map(([Key, Value]) => ({ Key, Value })) };
  }

  tagResource(arn: string, body: Json): Json {
    const group = this.groupByArn(arn);
    for (const [key, value] of this.parseTags(body.Tags)) group.tags.set(key, value);
    return {};
  }

  untagResource(arn: string, query: URLSearchParams): Json {
    const group = this.groupByArn(arn);
    for (const key of query.getAll("TagKeys")) group.tags.delete(key);
    return {};
  }

  /** When the pending occurrence of a schedule will be invoked, if one is armed. */
  nextInvocation(name: string, groupName = DEFAULT_GROUP): Date | undefined {
    const due = this.schedules.get(this.key(groupName, name))?.pending?.due;
    return due === undefined ? undefined : new Date(due);
  }

  private key(groupName: string, name: string): string {
    return `${groupName}/${name}`;
  }

  private find(groupName: string, name: string): ScheduleRecord {
    const record = this.schedules.get(this.key(groupName, name));
    if (!record) throw notFound(`Schedule ${name} does not exist.`);
    return record;
  }

  private findGroup(name: string): GroupRecord {
    const group = this.groups.get(name);
    if (!group) throw notFound(`Schedule group ${name} does not exist.`);
    return group;
  }

  private groupByArn(arn: string): GroupRecord {
    for (const group of this.groups.values()) if (group.arn === arn) return group;
    throw notFound(`Resource ${arn} does not exist.`);
  }

  private putGroup(name: string, tags: Map<string, string>): GroupRecord {
    const now = Date.now();
    const group: GroupRecord = {
      name,
      arn: `arn:aws:scheduler:${this.options.region}:${this.options.accountId}:schedule-group/${name}`,
      creationDate: now,
      lastModificationDate: now,
      tags,
    };
    this.groups.set(name, group);
    return group;
  }

  private groupToWire(group: GroupRecord): Json {
    return {
      Arn: group.arn,
      Name: group.name,
      State: "ACTIVE",
      CreationDate: seconds(group.creationDate),
      LastModificationDate: seconds(group.lastModificationDate),
    };
  }

  private parseTags(value: unknown): Map<string, string> {
    const tags = new Map<string, string>();
    if (value === undefined || value === null) return tags;
    if (!Array.isArray(value)) throw invalid("Tags must be a list.");
    for (const tag of value) {
      const { Key, Value } = (tag ?? {}) as Json;
      if (typeof Key !== "string" || Key.length < 1 || Key.length > 128) {
        throw invalid("Invalid tag key.");
      }
      if (typeof Value !== "string" || Value.length > 256) throw invalid("Invalid tag value.");
      tags.set(Key, Value);
    }
    return tags;
  }

  private remove(record: ScheduleRecord): void {
    this.options.timers.cancel(record.pending);
    record.pending = undefined;
    this.schedules.delete(this.key(record.groupName, record.name));
  }

  /** Arms the first occurrence after `afterMs`; a one-time schedule already due fires at once. */
  private arm(record: ScheduleRecord, afterMs: number): void {
    const { timers, exact, random } = this.options;
    timers.cancel(record.pending);
    record.pending = undefined;
    const { definition, expression } = record;
    if (definition.State === "DISABLED") return;
    let nominal: number | undefined;
    if (expression.kind === "at") {
      if (record.fired) return;
      nominal = zonedTimeToUtc(expression.local, definition.ScheduleExpressionTimezone).getTime();
    } else {
      nominal = nextOccurrence(expression, afterMs, {
        timeZone: definition.ScheduleExpressionTimezone,
        anchorMs: definition.StartDate ?? record.lastModificationDate,
        startMs: definition.StartDate,
        endMs: definition.EndDate,
      });
      if (nominal === undefined) return;
    }
    const invokeAt = pickInvocationTime(nominal, {
      exact,
      random,
      maximumWindowInMinutes: definition.FlexibleTimeWindow.MaximumWindowInMinutes,
    });
    const occurrence = nominal;
    record.pending = timers.add(Math.max(Date.now(), invokeAt), () =>
      this.fire(record, occurrence),
    );
  }

  private fire(record: ScheduleRecord, nominal: number): void {
    const { count, delivery } = this.options;
    record.pending = undefined;
    count("invocations");
    const version = record.version;
    let final: boolean;
    if (record.expression.kind === "at") {
      record.fired = true;
      final = true;
    } else {
      this.arm(record, nominal);
      final = record.pending === undefined;
    }
    const invocation = {
      scheduleArn: record.arn,
      target: record.definition.Target,
      scheduledMs: nominal,
      executionId: newExecutionId(),
    };
    void delivery.deliver(invocation).then(() => {
      const stillCurrent =
        this.schedules.get(this.key(record.groupName, record.name)) === record &&
        record.version === version;
      if (final && stillCurrent && record.definition.ActionAfterCompletion === "DELETE") {
        this.remove(record);
      }
    });
  }
}
