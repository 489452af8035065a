import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveModelSource } from './model-source.js';

test('a directory is passed through unchanged', () => {
  assert.equal(resolveModelSource('/var/lib/quakefed/model'), '/var/lib/quakefed/model');
});

test('a coordinator base URL points at its /model/model.json', () => {
  assert.equal(resolveModelSource('http://coord:8080'), 'http://coord:8080/model/model.json');
  assert.equal(resolveModelSource('https://coord/fed/'), 'https://coord/fed/model/model.json');
});

test('a WebSocket URL of the coordinator is turned into its http model URL', () => {
  assert.equal(resolveModelSource('wss://coord:8443'), 'https://coord:8443/model/model.json');
});

test('explicit /model and model.json URLs are kept', () => {
  assert.equal(resolveModelSource('http://coord/model'), 'http://coord/model/model.json');
  assert.equal(resolveModelSource('http://coord/x/model.json'), 'http://coord/x/model.json');
});
