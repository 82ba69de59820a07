// A lint rule for `require` in our TypeScript: it is how source code reaches an on-demand module (scripts/onDemand.mjs),
// and only that. `require('./x')` must name a module of ON_DEMAND and sit inside the function that needs it (at the top
// of a file it would run at activation, which is what the chunk exists to avoid). Any other require is refused, as
// @typescript-eslint/no-require-imports would (the library chunks' loader, src/core/lazy/, is exempt in the config).
import * as path from 'node:path';
import { ON_DEMAND } from './onDemand.mjs';

const onDemand = new Set(ON_DEMAND.map((f) => path.resolve(f)));
const isFunction = (node) => node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';

/** @type {import('eslint').Rule.RuleModule} */
export const onDemandRequire = {
  meta: {
    type: 'problem',
    docs: { description: 'require() only of an on-demand module (scripts/onDemand.mjs), inside the function that needs it' },
    schema: [],
    messages: {
      notOnDemand:
        "require('{{spec}}') is not of an on-demand module: import it, or add it to ON_DEMAND in scripts/onDemand.mjs if activation should not load it",
      notLiteral: 'require() takes a relative path written out, so the build can tell which on-demand module it loads',
      topLevel: "require('{{spec}}') at the top level runs at activation: require an on-demand module inside the function that needs it",
      importEquals: "import … = require('{{spec}}') loads at activation: import it, or require an on-demand module inside a function",
    },
  },
  create(context) {
    const resolves = (spec) => spec.startsWith('.') && onDemand.has(path.resolve(path.dirname(context.filename), `${spec}.ts`));
    return {
      CallExpression(node) {
        if (node.callee.type !== 'Identifier' || node.callee.name !== 'require') return;
        const [arg] = node.arguments;
        if (node.arguments.length !== 1 || arg.type !== 'Literal' || typeof arg.value !== 'string') {
          context.report({ node, messageId: 'notLiteral' });
          return;
        }
        const spec = arg.value;
        if (!resolves(spec)) context.report({ node, messageId: 'notOnDemand', data: { spec } });
        else if (!context.sourceCode.getAncestors(node).some(isFunction)) context.report({ node, messageId: 'topLevel', data: { spec } });
      },
      TSImportEqualsDeclaration(node) {
        if (node.moduleReference.type !== 'TSExternalModuleReference') return;
        context.report({ node, messageId: 'importEquals', data: { spec: String(node.moduleReference.expression.value) } });
      },
    };
  },
};
