// Routing: GitHub's path templates match whatever Octokit encodes into them, including branch names, refs and
// file paths with slashes, and a more specific route is never shadowed by a greedy parameter.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileRoutes, matchRoute, type Route } from "../../../src/sandbox/github/router.js";

const noop: Route["handler"] = async () => ({ status: 204 });
const route = (method: string, template: string): Route => ({
  method,
  template,
  auth: "token",
  handler: noop,
});

const routes = compileRoutes([
  route("GET", "/repos/{owner}/{repo}/branches/{branch}/protection"),
  route("GET", "/repos/{owner}/{repo}/branches/{branch}"),
  route("GET", "/repos/{owner}/{repo}/contents/{path}"),
  route("GET", "/repos/{owner}/{repo}/commits/{ref}/check-runs"),
  route("GET", "/repos/{owner}/{repo}/commits/{ref}/status"),
  route("GET", "/repos/{owner}/{repo}/commits/{ref}"),
  route("PATCH", "/repos/{owner}/{repo}/git/refs/{ref}"),
]);

const segment = fc.stringMatching(/^[A-Za-z0-9._-]{1,12}$/).filter((s) => s !== "." && s !== "..");
const name = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join("/"));
const owner = fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/);

describe("route matching", () => {
  it("recovers slashed parameters whether Octokit percent-encodes the slashes or not", () => {
    fc.assert(
      fc.property(owner, owner, name, fc.boolean(), (o, r, branch, encode) => {
        const wire = encode ? encodeURIComponent(branch) : branch;
        const protection = matchRoute(routes, "GET", `/repos/${o}/${r}/branches/${wire}/protection`);
        expect(protection?.route.template).toBe("/repos/{owner}/{repo}/branches/{branch}/protection");
        expect(protection?.params).toEqual({ owner: o, repo: r, branch });
        const plain = matchRoute(routes, "GET", `/repos/${o}/${r}/branches/${wire}`);
        expect(plain?.params.branch).toBe(branch);
      }),
    );
  });

  it("keeps commit sub-resources apart from the commit itself", () => {
    fc.assert(
      fc.property(name, (ref) => {
        expect(matchRoute(routes, "GET", `/repos/a/b/commits/${ref}/status`)?.route.template).toBe(
          "/repos/{owner}/{repo}/commits/{ref}/status",
        );
        expect(matchRoute(routes, "GET", `/repos/a/b/commits/${ref}/check-runs`)?.params.ref).toBe(ref);
      }),
    );
    expect(matchRoute(routes, "GET", "/repos/a/b/commits/main")?.route.template).toBe(
      "/repos/{owner}/{repo}/commits/{ref}",
    );
  });

  it("matches on method too", () => {
    expect(matchRoute(routes, "GET", "/repos/a/b/git/refs/heads/x")).toBeNull();
    expect(matchRoute(routes, "PATCH", "/repos/a/b/git/refs/heads/x")?.params.ref).toBe("heads/x");
  });
});
