import { accessSync, constants } from "node:fs";
import { userErrorFromSystem } from "../errors.js";

/**
 * Fails with a clear message when the project folder cannot take the
 * generated files, so the user hears it before confirming, not after.
 */
export function assertWritable(root: string): void {
  try {
    accessSync(root, constants.W_OK);
  } catch (error) {
    throw userErrorFromSystem(error) ?? error;
  }
}
