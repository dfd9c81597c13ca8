/**
 * The command line's vocabulary: every command with its synopsis and options. The parser reads the
 * options from here and the help is printed from here, so the two cannot disagree.
 */
export interface OptionSpec {
  readonly flag: `--${string}`;
  readonly short?: `-${string}`;
  /** The value's placeholder in the help; set for options that take a value. */
  readonly value?: string;
  readonly description: string;
}

export const JOB_COMMANDS = ['run', 'info'] as const;
export const CLUSTER_COMMANDS = [
  'list',
  'cancel',
  'savepoint',
  'stop',
  'cluster',
  'jobmanager',
  'taskmanager',
] as const;
export type JobCommandName = (typeof JOB_COMMANDS)[number];
export type ClusterCommandName = (typeof CLUSTER_COMMANDS)[number];
export type CommandName = JobCommandName | ClusterCommandName;

interface CommandSpec {
  readonly synopsis: readonly string[];
  readonly summary: string;
  readonly options: readonly OptionSpec[];
  readonly details?: string;
}

export const HELP_OPTION: OptionSpec = { flag: '--help', short: '-h', description: 'Show this help' };
export const VERSION_OPTION: OptionSpec = { flag: '--version', short: '-V', description: "Show weir's version" };
export const PARALLELISM_OPTION: OptionSpec = {
  flag: '--parallelism',
  short: '-p',
  value: 'N',
  description: "The job's default parallelism (the job's own setParallelism() still wins)",
};

export const JOBMANAGER_OPTION: OptionSpec = {
  flag: '--jobmanager',
  value: 'URL',
  description: 'The JobManager (default: $WEIR_JOBMANAGER, else http://127.0.0.1:8081)',
};

/** Where `run` and `info` find the connectors a job names by installedConnectors(), as a cluster's processes do. */
const CONNECTOR_OPTIONS: readonly OptionSpec[] = [
  {
    flag: '--connectors',
    value: 'PACKAGES',
    description:
      "Connector packages to load beside the built-in ones, comma-separated (default: the $WEIR_CONFIG file's)",
  },
  {
    flag: '--connectors-from',
    value: 'DIR',
    description: 'Where they are installed (default: the current directory)',
  },
];

const CONNECTORS_DETAILS = [
  'A job that names its connectors (installedConnectors()) finds the built-in ones and the packages',
  "of --connectors; with --jobmanager, list the cluster's plugins here too: the job is built here",
  'before it is sent.',
].join('\n');

const PROCESS_SETTINGS = [
  'Every setting is a flag (--heartbeat-timeout-ms 5000), an environment variable',
  '(WEIR_HEARTBEAT_TIMEOUT_MS) or a key of the JSON --config file (heartbeatTimeoutMs), in falling',
  'priority. Settings: clusterId, natsUrl, natsUser, natsPassword, natsToken, redisUrl,',
  'heartbeatIntervalMs, heartbeatTimeoutMs, connectors (connector packages to load, comma-separated),',
  'connectorsFrom (where they are installed); the JobManager also host, port, slotWaitTimeoutMs,',
  'deployTimeoutMs, maxBundleBytes, remoteBatchSize, remoteCredits, clientOutputBufferBatches,',
  'leaderLeaseMs (a second JobManager of the cluster stands by and takes over this long after',
  'the leader dies);',
  'the TaskManager also slots, taskManagerId. A bad value is refused at start-up, by name.',
].join('\n');

const JOB_ARGUMENTS = [
  'Job arguments are --name value (or --name=value) pairs after the job file, handed to the',
  "job's build function as `args`: every option after the job file that weir does not know is one.",
  "After a lone '--' every option is a job argument, even one weir knows.",
].join('\n');

const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  run: {
    synopsis: [
      'weir run <job.ts|job.js> [job args…] [-p N] [--jobmanager URL] [--from-savepoint PATH|NAME] [--allow-non-restored-state] [--detached] [--connectors PACKAGES]',
    ],
    summary: 'Run a job: embedded in this process, or on a cluster when a JobManager is configured',
    options: [
      PARALLELISM_OPTION,
      ...CONNECTOR_OPTIONS,
      { flag: '--jobmanager', value: 'URL', description: 'Submit to this JobManager (default: $WEIR_JOBMANAGER)' },
      {
        flag: '--from-savepoint',
        value: 'PATH|NAME',
        description:
          "Start from a savepoint: its directory, or its name (in the job's checkpoint storage; on a cluster, as 'weir savepoint' printed it)",
      },
      {
        flag: '--allow-non-restored-state',
        description: 'With --from-savepoint: drop state of operators the job no longer has (by uid)',
      },
      { flag: '--detached', description: 'Return once the job is submitted, without waiting for it' },
      HELP_OPTION,
    ],
    details: [
      JOB_ARGUMENTS,
      '',
      CONNECTORS_DETAILS,
      '',
      'While the job runs, a progress line is shown on a terminal; Ctrl-C cancels the job. Exit codes:',
      '0 the job finished, 1 the job could not be defined or failed, 2 a bad command line, 130 canceled.',
    ].join('\n'),
  },
  info: {
    synopsis: ['weir info <job.ts|job.js> [job args…] [-p N] [--json | --dot] [--connectors PACKAGES]'],
    summary: "Print a job's plan: its operators, how they are chained, their parallelism",
    options: [
      PARALLELISM_OPTION,
      ...CONNECTOR_OPTIONS,
      { flag: '--json', description: 'The plan as JSON: { jobName, parallelism, maxParallelism, vertices, edges }' },
      { flag: '--dot', description: 'The plan as a Graphviz digraph (weir info job.ts --dot | dot -Tsvg > plan.svg)' },
      HELP_OPTION,
    ],
    details: [JOB_ARGUMENTS, '', CONNECTORS_DETAILS].join('\n'),
  },
  list: {
    synopsis: ['weir list [--jobmanager URL]', 'weir list --checkpoints <jobId> [--jobmanager URL]'],
    summary: "List the cluster's jobs, or a job's checkpoints",
    options: [
      {
        flag: '--checkpoints',
        value: 'JOB_ID',
        description:
          "The job's checkpoint history, newest first: id, status, trigger time, duration, size, alignment per subtask",
      },
      JOBMANAGER_OPTION,
      HELP_OPTION,
    ],
  },
  cancel: {
    synopsis: ['weir cancel <jobId> [--jobmanager URL]'],
    summary: 'Cancel a job',
    options: [JOBMANAGER_OPTION, HELP_OPTION],
  },
  savepoint: {
    synopsis: ['weir savepoint <jobId> [name] [--jobmanager URL]'],
    summary: 'Take a savepoint of a running job',
    options: [JOBMANAGER_OPTION, HELP_OPTION],
    details: [
      "Prints the savepoint's name (generated when none is given): 'weir run job.ts --jobmanager URL",
      "--from-savepoint NAME [-p N]' starts a job from it, at any parallelism up to its max parallelism.",
    ].join('\n'),
  },
  stop: {
    synopsis: ['weir stop <jobId> --savepoint [name] [--jobmanager URL]'],
    summary: 'Stop a job with a final savepoint',
    options: [
      { flag: '--savepoint', description: 'Take a savepoint (named name, if given), then cancel the job' },
      JOBMANAGER_OPTION,
      HELP_OPTION,
    ],
  },
  cluster: {
    synopsis: ['weir cluster up [--taskmanagers N] [--slots N] [--port P] [--cluster-id ID]', 'weir cluster down'],
    summary: "Start or stop a local cluster on this machine's NATS and Redis",
    options: [
      { flag: '--taskmanagers', value: 'N', description: 'How many TaskManagers to start (default 2)' },
      { flag: '--slots', value: 'N', description: 'Slots per TaskManager (default: one per core)' },
      { flag: '--port', value: 'P', description: "The JobManager's REST port (default 8081)" },
      { flag: '--cluster-id', value: 'ID', description: 'The cluster id in NATS subjects (default weir)' },
      HELP_OPTION,
    ],
    details: [
      'The processes run in the background; their pids and logs are kept in .weir/ in this directory,',
      "which is where 'weir cluster down' finds them. Jobs go there with --jobmanager (or WEIR_JOBMANAGER).",
    ].join('\n'),
  },
  jobmanager: {
    synopsis: ['weir jobmanager [--config FILE] [--port P] [--nats-url URL] [--redis-url URL] [setting…]'],
    summary: "Start a cluster's JobManager process (what its container runs)",
    options: [HELP_OPTION],
    details: PROCESS_SETTINGS,
  },
  taskmanager: {
    synopsis: ['weir taskmanager [--config FILE] [--slots N] [--nats-url URL] [--redis-url URL] [setting…]'],
    summary: "Start a cluster's TaskManager process (what its container runs)",
    options: [HELP_OPTION],
    details: PROCESS_SETTINGS,
  },
};

export function optionsOf(command: CommandName): readonly OptionSpec[] {
  return COMMANDS[command].options;
}

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMANDS, name);
}

export function isClusterCommand(name: CommandName): name is ClusterCommandName {
  return (CLUSTER_COMMANDS as readonly string[]).includes(name);
}

/** `weir --help`. */
export function mainHelp(): string {
  const row = (name: CommandName) => `  ${name.padEnd(13)}${COMMANDS[name].summary}`;
  return [
    'weir: a distributed stream processor for TypeScript',
    '',
    'Usage: weir <command> [options]',
    '',
    'Commands:',
    ...JOB_COMMANDS.map(row),
    '',
    'Cluster commands:',
    ...CLUSTER_COMMANDS.map(row),
    '',
    'Options:',
    ...optionRows([HELP_OPTION, VERSION_OPTION]),
    '',
    "Run 'weir <command> --help' for a command's options.",
    '',
  ].join('\n');
}

/** `weir <command> --help`. */
export function commandHelp(command: CommandName): string {
  const spec = COMMANDS[command];
  const lines = [...usageLines(command), '', spec.summary + '.'];
  lines.push('', 'Options:', ...optionRows(spec.options));
  if (spec.details !== undefined) lines.push('', spec.details);
  return lines.join('\n') + '\n';
}

/** What a usage error shows after its message. */
export function shortUsage(command: CommandName | undefined): string {
  if (command === undefined) {
    return ['Usage: weir <command> [options]', `Commands: ${[...JOB_COMMANDS, ...CLUSTER_COMMANDS].join(', ')}.`]
      .concat("Run 'weir --help' for more.")
      .join('\n');
  }
  return [...usageLines(command), `Run 'weir ${command} --help' for more.`].join('\n');
}

function usageLines(command: CommandName): string[] {
  return COMMANDS[command].synopsis.map((line, i) => `${i === 0 ? 'Usage: ' : '       '}${line}`);
}

function optionRows(options: readonly OptionSpec[]): string[] {
  const label = (o: OptionSpec) => `${o.short ? `${o.short}, ` : '    '}${o.flag}${o.value ? ` ${o.value}` : ''}`;
  const width = Math.max(...options.map((o) => label(o).length)) + 2;
  return options.map((o) => `  ${label(o).padEnd(width)}${o.description}`);
}
