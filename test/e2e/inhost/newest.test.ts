// Every in-host suite (test/inhost) in the newest VS Code; which servers each needs: ./launches.ts.
import { launchInHostSuites } from './launches';

launchInHostSuites('newest');
