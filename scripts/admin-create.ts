import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { staffUserInput, upsertStaffUser } from "@/lib/auth/staff-users";
import { createPrismaClient } from "@/lib/db/client";
import { configOrExit, databaseUrlOrExit, run } from "./lib/cli";

const USAGE = `Creates (or updates) an admin or staff user who signs in at /admin.

  npm run admin:create -- --email admin@uni.ru [--password ...] [--name "Ирина Петрова"]
  npm run admin:create -- --email ta@uni.ru --role staff --course python-basics [--course ...]

Without --email or --password it asks for them (the password is not echoed; ADMIN_PASSWORD
may also carry it). Needs DATABASE_URL (with \`npm run demo\` running, the URL it printed).`;

async function ask(question: string, secret = false): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, encoding, done) {
      if (!muted) process.stdout.write(chunk, encoding);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: process.stdin.isTTY });
  const answer = rl.question(question);
  muted = secret;
  try {
    return (await answer).trim();
  } finally {
    rl.close();
    if (secret) process.stdout.write("\n");
  }
}

run(async () => {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      password: { type: "string" },
      name: { type: "string" },
      role: { type: "string", default: "admin" },
      course: { type: "string", multiple: true, default: [] },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const config = configOrExit();
  const email = values.email ?? (await ask("E-mail: "));
  const password = values.password ?? process.env.ADMIN_PASSWORD ?? (await ask("Password: ", true));
  const input = { email, password, name: values.name, role: values.role.toUpperCase() as "ADMIN" | "STAFF", courses: values.course };
  const checked = staffUserInput.safeParse(input);
  if (!checked.success) throw new Error(describe(checked.error));
  const db = createPrismaClient(databaseUrlOrExit(config));
  try {
    const user = await upsertStaffUser(db, input);
    const scope = user.role === "ADMIN" ? "every course" : values.course.join(", ") || "no course yet";
    console.log(`${user.role === "ADMIN" ? "Admin" : "Staff member"} ${user.email} is ready (${scope}). Sign in at ${config.appUrl}/admin`);
  } finally {
    await db.$disconnect();
  }
});

function describe(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "input"} ${issue.message}`).join("; ");
}
