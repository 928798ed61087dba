/** `npm run bench` entry: the benchmark is TypeScript (bench/main.ts), run through tsx's loader. */
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
