/** Values Auth0 never validates and the scripts must refuse: wrong types and operator objects. */
export const BAD_STRINGS: readonly [string, unknown][] = [
  ['an operator object', { $ne: null }],
  ['a regex operator', { $regex: '.*' }],
  ['a number', 42],
  ['an array', ['a@example.test']],
  ['null', null],
  ['undefined', undefined],
  ['an empty string', ''],
  ['a boolean', true],
];
