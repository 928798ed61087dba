import { describe, expect, it } from 'vitest';
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { RRset } from '../../core/model.js';
import { steeredWww, writtenSteering, ZONE } from '../../../test/providers/route53-fixtures.js';
import { brokenSteeringRefusal, zoneFromRoute53 } from './convert.js';
import { cidrLocationName, cidrLocations, healthCheckPrefix, steeredToRoute53 } from './dynamic.js';

const ZONE_ID = 'Z0001';
const COLLECTION = '0f0e0d0c-0b0a-4000-8000-000000000001';

/** Record sets as Route 53 lists them: trailing dots, alias TTL 0. */
const listed = (sets: ResourceRecordSet[]) => sets.map((s) => ({ ...s, Name: `${s.Name}.`, ...(s.AliasTarget ? { TTL: 0 } : {}) }));
const byId = (id: string) => (s: ResourceRecordSet) => s.SetIdentifier === id;
const edit = (sets: ResourceRecordSet[], id: string, change: Partial<ResourceRecordSet>) => sets.map((s) => (byId(id)(s) ? { ...s, ...change } : s));
const alias = (name: string) => ({ DNSName: name, HostedZoneId: ZONE_ID, EvaluateTargetHealth: true });

const geoRrset = steeredWww();
const geo = writtenSteering(geoRrset, ZONE_ID);
const geoSets = listed(geo.sets);
const cidrRrset = steeredWww({}, 'www', ['10.1.0.0/16']);
const cidrSets = listed(steeredToRoute53(cidrRrset, ZONE_ID, (value, status) => `hc-${value}-${status}`, COLLECTION));
const cidrChecks = writtenSteering(cidrRrset, ZONE_ID).checks;
const collection = { id: COLLECTION, locations: cidrLocations(cidrRrset) };

/** The record sets of one steered rrset as read with one thing broken: what zonesync takes and what it says. */
function readBroken(sets: ResourceRecordSet[], cidr = false, checks = cidr ? cidrChecks : geo.checks) {
  return zoneFromRoute53(ZONE, ZONE_ID, sets, checks, cidr ? collection : undefined);
}

describe('steering read back from Route 53 that no longer adds up', () => {
  it.each<[string, () => ResourceRecordSet[], string, boolean?]>([
    ['a geolocation set pointed at another pool', () => edit(geoSets, '0-eu-EU-DE', { AliasTarget: alias('_octodns-us-pool.www.example.com.') }), 'geolocation set www.example.com. "0-eu-EU-DE" aliases _octodns-us-pool.www.example.com., not pool eu\'s _octodns-eu-pool.www.example.com.'],
    ['a geolocation set moved to another country', () => edit(geoSets, '0-eu-EU-DE', { GeoLocation: { CountryCode: 'FR' } }), 'geolocation set www.example.com. "0-eu-EU-DE" locates {"CountryCode":"FR"}, not EU-DE\'s {"CountryCode":"DE"}'],
    ['the value sets of a pool deleted', () => geoSets.filter((s) => !s.Name.startsWith('_octodns-us-value.')), 'pool us has no value sets at _octodns-us-value.www.example.com.'],
    ['a PRIMARY failover set deleted', () => geoSets.filter((s) => !byId('us-Primary')(s)), 'pool us has a SECONDARY failover set but no PRIMARY one'],
    ['a SECONDARY failover set pointed elsewhere', () => edit(geoSets, 'eu-Secondary-us', { AliasTarget: alias('_octodns-default-pool.www.example.com.') }), 'failover set _octodns-eu-pool.www.example.com. "eu-Secondary-us" aliases _octodns-default-pool.www.example.com., not its fallback\'s _octodns-us-pool.www.example.com.'],
    ['a value set given another TTL', () => edit(geoSets, 'eu-001', { TTL: 300 }), 'value set _octodns-eu-value.www.example.com. "eu-001" has TTL 300, not the record\'s 60'],
    ['the record\'s values deleted', () => geoSets.filter((s) => !s.Name.startsWith('_octodns-default-pool.')), "the record's values at _octodns-default-pool.www.example.com. are missing"],
    ['every geolocation set deleted', () => geoSets.filter((s) => s.Name !== 'www.example.com.'), 'no geolocation or CIDR set at www.example.com. aliases its pools'],
    ['a CIDR set given another location', () => cidrSets.map((s) => (byId('0-office-cidr')(s) ? { ...s, CidrRoutingConfig: { CollectionId: COLLECTION, LocationName: 'office' } } : s)), `CIDR set www.example.com. "0-office-cidr" has location office, not ${cidrLocationName(cidrRrset, 0)}`, true],
    ['a CIDR set pointed at another pool', () => edit(cidrSets, '0-office-cidr', { AliasTarget: alias('_octodns-us-pool.www.example.com.') }), 'CIDR set www.example.com. "0-office-cidr" aliases _octodns-us-pool.www.example.com., not pool office\'s _octodns-office-pool.www.example.com.', true],
    ['the CIDR default deleted', () => cidrSets.filter((s) => !byId('cidr-default')(s)), 'no CIDR set "cidr-default" at www.example.com.', true],
  ])('%s: takes none of it and says why', (_, sets, reason, cidr) => {
    const given = sets();
    const read = readBroken(given, cidr);
    expect(read.zone.rrsets).toEqual([]);
    expect(read.unmanaged).toHaveLength(given.length);
    expect(new Set(read.unmanaged.map((u) => u.steering?.reason))).toEqual(new Set([reason]));
    expect(read.unmanaged.every((u) => u.reason.endsWith(`zonesync's steering layout for www.example.com. A no longer adds up: ${reason}`))).toBe(true);
  });

  it('says which health check was not made by zonesync for the record', () => {
    const theirs = writtenSteering(geoRrset, ZONE_ID, 'someone-else:');
    const read = readBroken(listed(theirs.sets), false, theirs.checks);
    expect(read.unmanaged[0]?.steering?.reason).toBe('health check hc-192.0.2.1-obey of value set _octodns-eu-value.www.example.com. "eu-000" was not made by zonesync for www.example.com. A');
    expect(healthCheckPrefix(geoRrset)).not.toBe('someone-else:');
  });

  it("words each record set's entry with what it is and the group's reason", () => {
    const read = readBroken(edit(geoSets, '0-eu-EU-DE', { AliasTarget: alias('_octodns-us-pool.www.example.com.') }));
    const why = 'zonesync\'s steering layout for www.example.com. A no longer adds up: geolocation set www.example.com. "0-eu-EU-DE" aliases _octodns-us-pool.www.example.com., not pool eu\'s _octodns-eu-pool.www.example.com.';
    expect(read.unmanaged.find((u) => u.name === '_octodns-default-pool.www.example.com.')?.reason).toBe(why);
    expect(read.unmanaged.find((u) => u.setIdentifier === '2-eu-None')?.reason).toBe(`geolocation record (SetIdentifier "2-eu-None"); ${why}`);
  });

  it('refuses a write of the record once, naming the reason and the record sets to restore or delete (six, then a count)', () => {
    const read = readBroken(edit(geoSets, '0-eu-EU-DE', { AliasTarget: alias('_octodns-us-pool.www.example.com.') }));
    const steering = read.unmanaged[0]?.steering;
    if (!steering) throw new Error('no steering on the entry');
    expect(brokenSteeringRefusal(steering)).toBe(
      'zonesync\'s steering layout for www.example.com. A no longer adds up: geolocation set www.example.com. "0-eu-EU-DE" aliases _octodns-us-pool.www.example.com., not pool eu\'s _octodns-eu-pool.www.example.com.; zonesync leaves its 13 record sets alone. ' +
        'Restore that record set in Route 53, or delete the layout\'s record sets there (_octodns-default-pool.www.example.com., _octodns-eu-pool.www.example.com. "eu-Primary", _octodns-eu-pool.www.example.com. "eu-Secondary-us", _octodns-eu-value.www.example.com. "eu-000", _octodns-eu-value.www.example.com. "eu-001", _octodns-us-pool.www.example.com. "us-Primary", and 7 more) so the next apply writes them again',
    );
  });

  it('keeps the plain words for routing that is not laid out as zonesync steers', () => {
    const foreign: ResourceRecordSet[] = [
      { Name: 'api.example.com.', Type: 'A', SetIdentifier: 'de', GeoLocation: { CountryCode: 'DE' }, AliasTarget: alias('eu.example.com.') },
      { Name: 'api.example.com.', Type: 'A', SetIdentifier: 'any', GeoLocation: { CountryCode: '*' }, AliasTarget: alias('us.example.com.') },
    ];
    const read = zoneFromRoute53(ZONE, ZONE_ID, foreign);
    expect(read.unmanaged.map((u) => [u.reason, u.steering])).toEqual([
      ['geolocation record (SetIdentifier "de")', undefined],
      ['geolocation record (SetIdentifier "any")', undefined],
    ]);
  });

  it('still reads the whole layout back as the record when nothing is broken', () => {
    const read = readBroken(geoSets);
    expect(read.unmanaged).toEqual([]);
    expect(read.zone.rrsets).toEqual([geoRrset as RRset]);
  });
});
