import type * as vscode from 'vscode';
import type { RunProfile } from '../../core/docker/run-profile';

/** What is remembered per workspace: the profile without env values (they may hold secrets), plus the env file to re-read. */
export type SavedProfile = Omit<RunProfile, 'env' | 'labels'> & { envFile?: string };

const profilesKey = 'mlc.docker.runProfiles';
const lastKey = 'mlc.docker.lastRunImage';

export class ProfileStore {
  constructor(private readonly state: vscode.Memento) {}

  get(image: string): SavedProfile | undefined {
    return this.state.get<Record<string, SavedProfile>>(profilesKey, {})[image];
  }

  last(): SavedProfile | undefined {
    const image = this.state.get<string>(lastKey);
    return image ? this.get(image) : undefined;
  }

  async save(profile: SavedProfile): Promise<void> {
    const all = { ...this.state.get<Record<string, SavedProfile>>(profilesKey, {}), [profile.image]: profile };
    await this.state.update(profilesKey, all);
    await this.state.update(lastKey, profile.image);
  }
}
