/*
 * errors.ts: the errors the CLI turns into exit statuses without a stack
 * trace. UsageError: bad input (a missing or unreadable file, a bad
 * option value, a share too large), one line, status 2. TimeoutError:
 * --timeout expired during host-side work (make, reading files, packing
 * the initramfs), status 124.
 */

export class UsageError extends Error {}

export class TimeoutError extends Error {}
