import { isProduction, regionalArn } from "./stage";

// Transactional mail (invitations, password resets) goes out through SES. The sending
// identity (the sender's domain or address) is verified once per account, outside any
// stage: a stage that created it would delete it for everyone on removal.
const sender = process.env.MAIL_SENDER ?? "no-reply@example.com";
if (isProduction && !process.env.MAIL_SENDER) {
  throw new Error("Set MAIL_SENDER to a verified SES sender address to deploy production.");
}
const domain = sender.slice(sender.indexOf("@") + 1);

export const mail = new sst.Linkable("Mail", {
  properties: { sender },
  include: [
    sst.aws.permission({
      actions: ["ses:SendEmail"],
      resources: [
        regionalArn("ses", `identity/${domain}`),
        regionalArn("ses", `identity/${sender}`),
      ],
      // Only as the configured sender, whichever identity authorises it.
      conditions: [{ test: "StringEquals", variable: "ses:FromAddress", values: [sender] }],
    }),
  ],
});
