import { describe, expect, it } from 'vitest';
import { ConfigFileError, parseHallYaml } from '../../../server/store/hall-file.ts';

describe('hall YAML with text no store keeps', () => {
  it('refuses a lone surrogate escape, naming the file and the path, and keeps other awkward text to the schema', () => {
    const yaml = 'hall:\n  code: T\n  name: "测试\\ud800"\n';
    let error: unknown;
    try {
      parseHallYaml(yaml, 'hall.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigFileError);
    expect((error as Error).message).toMatch(/^hall\.yaml: hall\.name: .*surrogate/);
    expect(() => parseHallYaml('hall:\n  code: T\n  name: "a\\0b"\n', 'hall.yaml')).toThrow(/hall\.name: .*U\+0000/);
    // An astral character written as an escape pair is whole: the schema decides about the rest.
    expect(() => parseHallYaml('hall:\n  code: T\n  name: "\\ud83d\\ude00"\n', 'hall.yaml')).not.toThrow(/surrogate/);
  });
});
