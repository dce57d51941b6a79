// Who is on the other end: the pod (from config and the downward API) and, when a policy asks for it,
// the human or workload behind the agent (a verified OIDC token).
export * from './pod.js';
export * from './oidc.js';
