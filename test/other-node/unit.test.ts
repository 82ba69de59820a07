// test/unit again, on the second Node of scripts/runtimes.json.
import { testOnOtherNode } from '../support/otherNode';

testOnOtherNode('unit');
