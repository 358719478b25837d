import { plan, regionalArn } from "./stage";
import { media } from "./storage";

// Transactional mail (invitations, password resets, missed approvals). With MAIL_SENDER set, it
// goes out through SES from that address; the sending identity (its domain or address) is
// verified once per account, outside any stage, since a stage that created it would delete it
// for everyone on removal. Without one (preview stages), mail is kept in the stage outbox under
// `outbox/` in the Media bucket, and the site shows it at /outbox. Production requires a sender
// (stage-plan.ts refuses to deploy it without one).
const { delivery, sender } = plan.mail;
const domain = sender.slice(sender.indexOf("@") + 1).replace(/>$/, "");

export const mail = new sst.Linkable("Mail", {
  properties: { sender, delivery },
  include:
    delivery === "ses"
      ? [
          sst.aws.permission({
            actions: ["ses:SendEmail"],
            resources: [
              regionalArn("ses", `identity/${domain}`),
              regionalArn("ses", `identity/${sender}`),
            ],
            // Only as the configured sender, whichever identity authorises it.
            conditions: [{ test: "StringEquals", variable: "ses:FromAddress", values: [sender] }],
          }),
        ]
      : [
          // The outbox lives in the Media bucket; every function that mails also links it.
          sst.aws.permission({
            actions: ["s3:PutObject", "s3:GetObject"],
            resources: [$interpolate`${media.arn}/outbox/*`],
          }),
        ],
});
