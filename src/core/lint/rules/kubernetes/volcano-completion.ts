import type { YAMLMap } from 'yaml';
import { acceleratorNoun, podRequestsAccelerator } from '../../kubernetes/gpu';
import type { KubeObject, PodSpecRef } from '../../kubernetes/model';
import { volcanoJob } from '../../kubernetes/model';
import type { ClusterProfile } from '../../kubernetes/settings';
import type { RuleFinding } from '../../types';
import type { YamlView } from '../../yaml/access';
import { finding, insertIntoMap } from './helpers';
import { sshdOnlyCommand } from './ssh-daemon';

/** One of a Volcano Job's `spec.tasks`. */
interface Task {
  node: YAMLMap;
  name: string;
  /** Its pods: `replicas` (absent is 0, Volcano sets no default); undefined when not a plain number. */
  replicas: number | undefined;
  pod: PodSpecRef;
}

function count(view: YamlView, node: unknown, key: string): number | undefined {
  const text = view.text(node, key);
  return text === undefined ? 0 : /^\d+$/.test(text) ? Number(text) : undefined;
}

function tasksOf(obj: KubeObject): Task[] {
  const view = obj.view;
  return view.list(view.at(obj.root, ['spec', 'tasks'])).flatMap((node, k) => {
    const map = view.map(node);
    const pod = obj.podSpecs.find((p) => p.path[1] === 'tasks' && p.path[2] === k);
    return map && pod ? [{ node: map, name: view.text(map, 'name') ?? `default${k}`, replicas: count(view, map, 'replicas'), pod }] : [];
  });
}

/** Every container of the task's pods only runs an SSH daemon (an MPI worker the launcher reaches over SSH): its pods never exit. */
function onlyRunsSshd(view: YamlView, task: Task): boolean {
  const containers = task.pod.containers.filter((c) => c.kind === 'containers');
  return containers.length > 0 && containers.every((c) => sshdOnlyCommand(view, c.node) !== undefined);
}

/** The events a lifecycle policy answers (`event`, or the list `events`). */
function events(view: YamlView, policy: unknown): string[] {
  const listed = view.list(view.get(policy, 'events')).map((e) => view.str(e) ?? '');
  const one = view.text(policy, 'event');
  return one === undefined ? listed : [one, ...listed];
}

/**
 * A policy that ends the Job once a task has completed: `CompleteJob` on any event (the controller then kills the pods
 * still running), or `TerminateJob` / `AbortJob` on `TaskCompleted` or `*`.
 */
function endsJob(view: YamlView, policy: unknown): boolean {
  const action = view.text(policy, 'action');
  return action === 'CompleteJob' || ((action === 'TerminateJob' || action === 'AbortJob') && events(view, policy).some((e) => e === 'TaskCompleted' || e === '*'));
}

function policies(view: YamlView, obj: KubeObject, tasks: readonly Task[]): readonly unknown[] {
  return [...view.list(view.at(obj.root, ['spec', 'policies'])), ...tasks.flatMap((t) => view.list(view.get(t.node, 'policies')))];
}

const quoted = (tasks: readonly Task[]): string => tasks.map((t) => `"${t.name}"`).join(tasks.length === 2 ? ' and ' : ', ');

const completePolicy = 'policies:\n  - event: TaskCompleted\n    action: CompleteJob';

/** What keeps the sshd workers' pods running: minSuccess unset, or more than the launcher tasks' pods. */
interface Completion {
  /** minSuccess as written, when set. */
  minSuccess?: number;
  /** The launcher tasks' pods, the minSuccess they alone reach; undefined when some replicas are not a plain number. */
  launcherPods?: number;
}

/** Undefined when minSuccess completes the Job without the sshd workers (or cannot be read). */
function completion(view: YamlView, obj: KubeObject, launchers: readonly Task[]): Completion | undefined {
  const minSuccess = count(view, view.get(obj.root, 'spec'), 'minSuccess');
  const sum = launchers.every((t) => t.replicas !== undefined) ? launchers.reduce((n, t) => n + (t.replicas ?? 0), 0) : undefined;
  const launcherPods = sum !== undefined && sum > 0 ? sum : undefined;
  if (minSuccess === undefined || (minSuccess > 0 && (launcherPods === undefined || minSuccess <= launcherPods))) {
    return undefined;
  }
  return { ...(minSuccess > 0 ? { minSuccess } : {}), ...(launcherPods !== undefined ? { launcherPods } : {}) };
}

function message(view: YamlView, workers: readonly Task[], launchers: readonly Task[], done: Completion, cluster: ClusterProfile): string {
  const noun = acceleratorNoun(view, workers.map((t) => t.pod), cluster);
  const one = launchers.length === 1;
  const launcher = one ? `the launcher task ${quoted(launchers)}` : `the launcher (tasks ${quoted(launchers)})`;
  const stuck = done.minSuccess === undefined ? '' : `, and minSuccess: ${done.minSuccess} counts pods that never succeed`;
  const where = one ? `task ${quoted(launchers)}` : 'the task that runs the launcher';
  const alternative = done.launcherPods === undefined ? '' : ` (or ${done.minSuccess === undefined ? 'set' : 'lower'} minSuccess to ${done.launcherPods})`;
  return (
    `This ${noun} Volcano Job never completes: ${workers.length === 1 ? 'task' : 'tasks'} ${quoted(workers)} only run${workers.length === 1 ? 's' : ''} an SSH daemon, which never exits, ` +
    `and no policy completes the Job when ${launcher} finishes${stuck}, so the Job stays Running and holds the ${noun}s after the run; ` +
    `add policies: [{event: TaskCompleted, action: CompleteJob}] to ${where}${alternative}.`
  );
}

/**
 * A GPU Volcano Job whose GPU workers only run an SSH daemon (`sshd -D`) and that nothing completes when its launcher
 * finishes. Volcano completes a running Job when all its pods have ended, when minSuccess pods have succeeded, or by
 * a policy (`TaskCompleted` → `CompleteJob`); the workers never end, so without the others it runs on and keeps them.
 * A pod deadline (activeDeadlineSeconds) on the workers ends them.
 */
export function volcanoJobNeverCompletes(obj: KubeObject, cluster: ClusterProfile, fixes: boolean): RuleFinding | undefined {
  if (!volcanoJob(obj.apiVersion, obj.kind)) {
    return undefined;
  }
  const view = obj.view;
  const tasks = tasksOf(obj);
  const sshd = tasks.filter((t) => onlyRunsSshd(view, t));
  const workers = sshd.filter((t) => t.replicas !== 0 && podRequestsAccelerator(view, t.pod, cluster) && view.get(t.pod.spec, 'activeDeadlineSeconds') === undefined);
  const launchers = tasks.filter((t) => !sshd.includes(t) && t.replicas !== 0);
  if (workers.length === 0 || launchers.length === 0 || policies(view, obj, tasks).some((p) => endsJob(view, p))) {
    return undefined;
  }
  const done = completion(view, obj, launchers);
  if (!done) {
    return undefined;
  }
  const only = launchers.length === 1 ? launchers[0] : undefined;
  const anchor = (only && (view.valueRange(only.node, 'name') ?? view.range(only.node.items[0]?.key))) ?? view.rangeOfKey(obj.root, ['spec', 'tasks']) ?? obj.anchor;
  const edit = only && fixes ? insertIntoMap(view, only.node, completePolicy) : undefined;
  return finding(anchor, message(view, workers, launchers, done, cluster), edit ? { title: `Complete the Job when task "${only?.name ?? ''}" completes`, edits: [edit] } : undefined);
}
