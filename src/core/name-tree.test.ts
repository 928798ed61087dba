import { describe, expect, it } from 'vitest';
import { NameTree } from './name-tree.js';
import { parentName } from './name.js';

const Z = 'example.com.';

describe('NameTree', () => {
  it('says when an empty non-terminal appears and goes', () => {
    const tree = new NameTree(Z);
    expect(tree.add(`www.${Z}`, 'A')).toBe(false);
    expect(tree.add(`x.ent.${Z}`, 'A')).toBe(true);
    expect(tree.isEmptyNonTerminal(`ent.${Z}`)).toBe(true);
    // A second name below the same ENT, and a second rrset at an owner: nothing new.
    expect(tree.add(`y.ent.${Z}`, 'A')).toBe(false);
    expect(tree.add(`y.ent.${Z}`, 'TXT')).toBe(false);
    expect(tree.add(`y.ent.${Z}`, 'TXT')).toBe(false);
    expect(tree.remove(`y.ent.${Z}`, 'A')).toBe(false);
    expect(tree.remove(`y.ent.${Z}`, 'A')).toBe(false);
    expect(tree.has(`y.ent.${Z}`)).toBe(true);
    expect(tree.remove(`y.ent.${Z}`, 'TXT')).toBe(false);
    expect(tree.has(`y.ent.${Z}`)).toBe(false);
    // The last name below it goes: so does the ENT.
    expect(tree.remove(`x.ent.${Z}`, 'A')).toBe(true);
    expect(tree.isEmptyNonTerminal(`ent.${Z}`)).toBe(false);
  });

  it('an ENT that gets data, and an owner with names below it that loses its last rrset', () => {
    const tree = new NameTree(Z);
    tree.add(`a.b.${Z}`, 'A');
    expect(tree.add(`b.${Z}`, 'A')).toBe(true);
    expect(tree.isEmptyNonTerminal(`b.${Z}`)).toBe(false);
    expect(tree.remove(`b.${Z}`, 'A')).toBe(true);
    expect(tree.isEmptyNonTerminal(`b.${Z}`)).toBe(true);
  });

  it('deep names make each missing ancestor an ENT; the apex and names outside the zone are never one', () => {
    const tree = new NameTree(Z);
    expect(tree.add(`a.b.c.${Z}`, 'A')).toBe(true);
    expect([`b.c.${Z}`, `c.${Z}`, Z].map((n) => tree.isEmptyNonTerminal(n))).toEqual([true, true, false]);
    expect(tree.add('www.example.org.', 'A')).toBe(false);
    expect(tree.remove(`nothing.${Z}`, 'A')).toBe(false);
  });

  it('an escaped dot stays inside its label', () => {
    const tree = new NameTree(Z);
    expect(tree.add(`a\\.b.${Z}`, 'A')).toBe(false);
    expect(tree.isEmptyNonTerminal(`b.${Z}`)).toBe(false);
    expect(parentName(`a\\.b.${Z}`)).toBe(Z);
    expect(parentName('com.')).toBe('.');
  });
});
