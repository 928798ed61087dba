import { runConformance } from '../conformance/suite.js';
import { startMoto, type Moto } from '../harness/moto.js';
import { motoProvider } from './route53-fixtures.js';

let moto: Moto;

// moto answers the Route 53 API but serves no DNS, so the suite checks through the API only
runConformance('route53 (moto)', {
  async setup() {
    moto = await startMoto();
    // The listing of an empty hosted zone holds its SOA and NS.
    return {
      provider: motoProvider(moto.endpoint), nameservers: [], listedWhenEmpty: 2,
      // Checked with boto3 against moto 5.2.1 alone: CREATE, DELETE, CREATE of one alias A fails "already exists".
      noRecreate: { types: ['ALIAS'], why: 'moto 5.2.1 keeps a deleted alias record set and refuses to create it again (AWS does not)' },
    };
  },
  async teardown() {
    await moto?.stop();
  },
});
