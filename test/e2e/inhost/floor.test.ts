// Every in-host suite (test/inhost) in the oldest VS Code engines.vscode allows; which servers each needs: ./launches.ts.
import { launchInHostSuites } from './launches';

launchInHostSuites('floor');
