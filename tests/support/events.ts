import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { handler } from "@cadence/functions/events/handler";
import { queueArn } from "@cadence/local/resources";
import { startWorker } from "@cadence/local/worker";
import { configureOutbound } from "@cadence/networks";
import { Webhook } from "standardwebhooks";
import { call, type Person } from "./api.ts";

/** Plays the events consumer's event source mapping on this file's own events queue. */
export function eventsWorker(concurrency = 2) {
  const url = JSON.parse(process.env.SST_RESOURCE_EventQueue ?? "{}").url as string;
  return startWorker({
    endpoint: process.env.AWS_ENDPOINT_URL_SQS ?? "",
    queueUrl: url,
    queueArn: queueArn(url.split("/").at(-1) ?? ""),
    handler,
    batchSize: 10,
    concurrency,
    waitTimeSeconds: 1,
    functionName: "events",
  });
}

export interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The payload as the Standard Webhooks library verified it with `secrets[i]`, or undefined. */
  verifiedWith: number[];
  json: { type: string; id: string; data: Record<string, unknown> };
}

/**
 * A webhook receiver on 127.0.0.1 that keeps what it gets and checks each delivery's
 * signature with the Standard Webhooks library against every secret it was given. `answer`
 * picks the status (and optional Location) per request. Its origin is added to the outbound
 * guard's allow list for this file only.
 */
export async function startReceiver() {
  const received: Received[] = [];
  const secrets: string[] = [];
  let answer: (index: number) => { status: number; location?: string } = () => ({ status: 204 });
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const verifiedWith = secrets.flatMap((secret, index) => {
        try {
          new Webhook(secret).verify(body, request.headers as Record<string, string>);
          return [index];
        } catch {
          return [];
        }
      });
      received.push({
        at: Date.now(),
        headers: request.headers,
        body,
        verifiedWith,
        json: JSON.parse(body || "{}"),
      });
      const { status, location } = answer(received.length - 1);
      response.writeHead(status, location ? { location } : {});
      response.end();
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  configureOutbound({ allowOrigins: [url] });
  return {
    url,
    received,
    secrets,
    answerWith(pick: typeof answer) {
      answer = pick;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}

export interface NotificationBody {
  id: string;
  eventId: string;
  type: string;
  title: string;
  link: string;
  fix: { label: string; link: string } | null;
  read: boolean;
}

export async function notificationsOf(person: Person, workspaceId: string) {
  const answer = await call<{ items: NotificationBody[]; unread: number }>(
    "GET",
    `/workspaces/${workspaceId}/notifications`,
    { token: person.accessToken },
  );
  if (answer.status !== 200) throw new Error(`notifications: ${answer.status} ${answer.text}`);
  return answer.body;
}
