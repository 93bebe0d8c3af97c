/** MIN_PASSWORD is the server's shortest password (runtime/account), checked before sending. */
export const MIN_PASSWORD = 8;
