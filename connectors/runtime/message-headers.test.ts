import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headersAsText } from './message-headers.ts';

test('header values become text the dead-letter table can store', () => {
  assert.deepEqual(
    headersAsText({
      'content-type': Buffer.from('application/cloudevents+json'),
      region: '都江堰',
      binary: Buffer.from([0xff, 0x00, 0x01]),
      nul: 'a\u0000b',
      many: [Buffer.from('x'), 'y'],
      absent: undefined,
    }),
    {
      'content-type': 'application/cloudevents+json',
      region: '都江堰',
      binary: 'base64:/wAB',
      nul: `base64:${Buffer.from('a\u0000b').toString('base64')}`,
      many: 'x,y',
    },
  );
});
