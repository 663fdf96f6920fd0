// Finds the Chromium that Playwright launches (it cannot download its own here).
// Exit 1 with install instructions when none is found.
import { existsSync } from 'node:fs';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
const found = candidates.find((p) => existsSync(p));
if (!found) {
  console.error(
    `Chromium not found (looked at ${candidates.join(', ')}).\n` +
      'Install it with:  sudo apt-get install -y chromium\n' +
      'or point CHROMIUM_PATH at a Chromium/Chrome binary.',
  );
  process.exit(1);
}
