namespace Keyward.Bench.Corpus.Generation;

/// <summary>Word lists for names, prose and package names; fixed so the corpus is deterministic.</summary>
internal static class Lexicon
{
    public static readonly string[] Nouns =
    [
        "campaign", "lead", "sequence", "mailbox", "account", "contact", "cadence", "step", "reply", "bounce",
        "webhook", "workspace", "domain", "template", "schedule", "report", "invoice", "tenant", "member", "tag",
        "signature", "warmup", "inbox", "thread", "event", "delivery", "audit", "quota", "limit", "segment",
    ];

    public static readonly string[] Verbs =
    [
        "sync", "fetch", "update", "create", "delete", "archive", "resolve", "validate", "merge", "render",
        "schedule", "retry", "export", "import", "enqueue", "dispatch", "parse", "normalize", "load", "refresh",
    ];

    public static readonly string[] Adjectives =
    [
        "pending", "active", "paused", "stale", "primary", "shared", "daily", "remote", "cached", "verified",
    ];

    public static readonly string[] Projects = ["Outreach.Api", "Outreach.Core", "Outreach.Worker", "Sync.Engine", "Webhooks.Relay"];

    public static readonly string[] CSharpFolders = ["Controllers", "Services", "Models", "Infrastructure", "Jobs", "Mapping", "Options"];

    public static readonly string[] CSharpSuffixes = ["Service", "Controller", "Options", "Handler", "Repository", "Mapper", "Job", "Client", "Validator"];

    public static readonly string[] WebAreas = ["api", "components", "hooks", "pages", "store", "utils", "features/campaigns", "features/leads"];

    public static readonly string[] PythonAreas = ["etl", "reports", "ops", "migrations", "analytics"];

    public static readonly string[] Packages =
    [
        "react", "react-dom", "lodash", "axios", "zod", "date-fns", "clsx", "tslib", "typescript", "vite", "esbuild",
        "rollup", "postcss", "autoprefixer", "tailwindcss", "eslint", "prettier", "jest", "vitest", "@types/node",
        "@types/react", "@babel/core", "@babel/parser", "@babel/types", "chalk", "commander", "debug", "ms", "semver",
        "uuid", "nanoid", "picomatch", "micromatch", "fast-glob", "glob", "minimatch", "yargs", "cross-spawn",
        "which", "ws", "follow-redirects", "form-data", "mime-types", "mime-db", "qs", "express", "body-parser",
        "cookie", "statuses", "on-finished", "@tanstack/react-query", "zustand", "immer", "recharts", "d3-array",
    ];

    public static readonly string[] Languages = ["en", "de", "fr", "es", "pt", "nl", "it", "sv"];

    public static readonly string[] Authors =
    [
        "Ada Brennan <ada.brennan@example.com>",
        "Bo Lindqvist <bo.lindqvist@example.com>",
        "Chioma Okafor <chioma.okafor@example.com>",
        "Dario Rossi <dario.rossi@example.com>",
        "Emi Tanaka <emi.tanaka@example.com>",
        "Farid Haddad <farid.haddad@example.com>",
        "Greta Novak <greta.novak@example.com>",
    ];

    public static readonly string[] CommitTypes = ["feat", "fix", "chore", "refactor", "docs", "test", "perf", "build", "ci"];

    public static readonly string[] Sentences =
    [
        "The sync job pages through every campaign and stops at the first page with fewer results than the limit.",
        "Leads are upserted by email, so a retry after a timeout does not create duplicates.",
        "Webhook deliveries are stored before they are acknowledged, which keeps retries idempotent.",
        "Rate limits are per workspace; the client backs off with jitter when it sees a 429.",
        "Use the sandbox for demos: it speaks the same API and never sends an email.",
        "Keys live in the secret store and are referenced by name from configuration.",
        "Every change to a sequence is recorded in the audit log with the actor and the request id.",
        "The nightly export writes one file per workspace and a checksum file beside it.",
        "Reply detection runs after the bounce classifier, so hard bounces never count as replies.",
        "The dashboard caches aggregates for five minutes; the refresh button bypasses the cache.",
        "Migrations are forward-only; roll back by deploying a new migration that reverses the change.",
        "Timeouts are deliberately short because the worker retries with a fresh connection.",
    ];

    public static readonly string[] Placeholders = ["replace-me", "xxx", "<your-key>", "changeme", "<api-key>", "your-api-key-here", "REPLACE_ME"];

    public static readonly string[] EnvNames =
    [
        "INSTANTLY_API_KEY", "SALESLOFT_API_KEY", "DATABASE_URL", "REDIS_URL", "WEBHOOK_SECRET", "SMTP_PASSWORD",
        "SENTRY_DSN", "STRIPE_SECRET_KEY", "SLACK_BOT_TOKEN", "GITHUB_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
    ];
}
