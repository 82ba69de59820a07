// test/integration again (the CLI included), on the second Node of scripts/runtimes.json.
import { testOnOtherNode } from '../support/otherNode';

testOnOtherNode('integration');
