#!/usr/bin/env node
// Signs or verifies a Standard Webhooks delivery with the reference npm library (standardwebhooks), so the .NET
// tests can check our verifier and WebhookSigner against it.
//   standard-webhooks.js sign   SECRET MSG_ID UNIX_SECONDS BODY_FILE            -> prints the webhook-signature value
//   standard-webhooks.js verify SECRET MSG_ID UNIX_SECONDS BODY_FILE SIGNATURE  -> exit 0 valid, 1 invalid
// Exit 2 on bad usage. The body is read as UTF-8, as the library signs strings.
'use strict';
const fs = require('fs');
const { Webhook } = require('standardwebhooks');

const [command, secret, id, seconds, bodyFile, signature] = process.argv.slice(2);
if (!['sign', 'verify'].includes(command) || !bodyFile || (command === 'verify' && !signature)) {
  console.error('usage: standard-webhooks.js sign|verify SECRET MSG_ID UNIX_SECONDS BODY_FILE [SIGNATURE]');
  process.exit(2);
}

const webhook = new Webhook(secret);
const body = fs.readFileSync(bodyFile, 'utf8');
if (command === 'sign') {
  console.log(webhook.sign(id, new Date(Number(seconds) * 1000), body));
  process.exit(0);
}

try {
  webhook.verify(body, { 'webhook-id': id, 'webhook-timestamp': seconds, 'webhook-signature': signature }, { jsonParse: false });
  console.log('valid');
} catch (error) {
  console.error(`invalid: ${error.message}`);
  process.exit(1);
}
