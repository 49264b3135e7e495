// Runs the CLI from source (tests spawn it with `node --import tsx`), as bin/tailwatch.js runs dist/.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv);
