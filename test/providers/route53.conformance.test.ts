import { runConformance } from '../conformance/suite.js';
import { startMoto, type Moto } from '../harness/moto.js';
import { motoProvider } from './route53-fixtures.js';

let moto: Moto;

// moto answers the Route 53 API but serves no DNS, so the suite checks through the API only
runConformance('route53 (moto)', {
  async setup() {
    moto = await startMoto();
    return { provider: motoProvider(moto.endpoint), zone: 'conformance.example.', nameservers: [] };
  },
  async teardown() {
    await moto?.stop();
  },
});
