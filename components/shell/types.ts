/** What the shell needs to know about the signed-in person (a subset of lib/auth's SessionUser). */
export type ShellUser = {
  email: string;
  name: string;
  role: "user" | "admin";
  team: { id: string; name: string; role: "owner" | "member" };
};

/** One of the person's teams, for the shell's team switcher. */
export type ShellTeam = { id: string; name: string };
