// The runner's day, step by step, on a phone-size page: check-in, a plan,
// today's routine in the player (its clock sped up), how the back is after
// the run, an upload of a FIT file and of a Strava-shaped export, the
// insights, and at the end a note naming a warning sign, which must stop
// the plan everywhere.
import { join } from "node:path";

function expect(cond, message, problems) {
  if (!cond) problems.push(message);
  return cond;
}

export async function day({ page, base, out, fixtures, visit, audit, problems, report }) {
  const step = async (name, fn) => {
    const started = Date.now();
    try {
      await fn();
    } catch (e) {
      problems.push(`step "${name}": ${e.message || e}`);
    }
    await page.screenshot({ path: join(out, `day-${report.steps.length + 1}-${name}.png`), fullPage: true });
    const a = await audit(page, `step ${name}`);
    report.steps.push({ name, ms: Date.now() - started, url: page.url(), ...a });
  };
  const text = async () => (await page.textContent("main")) || "";

  await step("check-in", async () => {
    await page.goto(base + "/check-in");
    for (const no of await page.$$('#red-flags input[type=radio][value="false"]')) await no.check();
    await page.fill('[name="runner.age"]', "38");
    await page.check("#region-lower-back");
    await page.fill('[name="pain.now"]', "3");
    await page.fill('[name="pain.worst"]', "5");
    await page.fill('[name="pain.weeks"]', "6");
    await page.fill('[name="running.weekly_km"]', "20");
    await page.fill('[name="running.runs_per_week"]', "3");
    await Promise.all([page.waitForNavigation(), page.click("#send-check-in")]);
    const t = await text();
    expect(t.includes("Likely causes"), "check-in: no likely causes in the result", problems);
    expect(/Evidence/.test(t), "check-in: no evidence level in the result", problems);
  });

  await step("plan", async () => {
    await page.goto(base + "/plan");
    await Promise.all([page.waitForNavigation(), page.click("#new-plan")]);
    await page.goto(base + "/plan");
    const t = await text();
    expect(/Week 1 of/.test(t), "plan: no week view after making a plan", problems);
    const ics = await page.request.get(base + "/plan.ics");
    expect(ics.ok() && (await ics.text()).includes("BEGIN:VEVENT"), "plan: the .ics has no events", problems);
    await page.goto(base + "/plan/month");
    expect((await text()).length > 100, "plan: the month view is empty", problems);
  });

  await step("routine", async () => {
    await page.goto(base + "/today?speed=60");
    const player = await page.$("#player");
    expect(player !== null, "today: no routine player", problems);
    if (!player) return;
    await page.click("#player-start");
    // A paused clock does not move.
    await page.click("#player-pause");
    await page.waitForTimeout(300);
    expect((await player.getAttribute("data-state")) === "paused", "today: pause did not pause", problems);
    await page.click("#player-pause");
    await page.waitForFunction(
      () => document.querySelector("#player")?.getAttribute("data-state") === "finished",
      null,
      { timeout: 60000 },
    );
    await Promise.all([page.waitForNavigation(), page.click("#routine-save")]);
    expect(/saved|logged/i.test(await text()), "today: the routine log was not confirmed", problems);
  });

  await step("after-run", async () => {
    await page.goto(base + "/today");
    await page.selectOption("#pain-region", "lower-back");
    await page.fill("#pain-nrs", "3");
    await page.check("#when-after");
    await page.fill("#pain-note", "a bit stiff, easing off");
    await Promise.all([page.waitForNavigation(), page.click("#pain-save")]);
    expect(/saved|logged/i.test(await text()), "today: the pain log was not confirmed", problems);
  });

  await step("edit-entry", async () => {
    // The score logged after the run was a 3; the runner meant a 2.
    await page.goto(base + "/history");
    const edit = await page.$("a[href^='/history/entry/pain/'][href$='/edit']");
    expect(edit !== null, "history: no Edit link on the pain entry", problems);
    if (edit) {
      await Promise.all([page.waitForNavigation(), edit.click()]);
      await audit(page, "the edit form");
      await page.fill("#edit-nrs", "2");
      await Promise.all([page.waitForNavigation(), page.click("#entry-edit-save")]);
      const t = await text();
      expect(/Saved your changes to pain entry/.test(t), "history: the edit was not confirmed", problems);
      expect(/Pain 2\/10/.test(t), "history: the edited score is not shown", problems);
    }
  });

  await step("import", async () => {
    await page.goto(base + "/import");
    const input = await page.$('input[type="file"]');
    expect(input !== null, "import: no file input", problems);
    if (!input) return;
    await input.setInputFiles([join(fixtures, "run.fit"), join(fixtures, "strava_export.zip")]);
    // The script uploads with a progress bar, then puts the server's
    // results table in place of the empty one.
    await page.click("#import-submit");
    await page.waitForSelector("#import-table", { timeout: 120000 });
    const t = await text();
    expect(/imported/i.test(t), "import: no imported files in the results", problems);
    await page.goto(base + "/history");
    expect((await page.$$("a[href^='/history/activity/']")).length >= 2, "history: fewer than two activities after the upload", problems);
    const first = await page.$("a[href^='/history/activity/']");
    if (first) {
      await Promise.all([page.waitForNavigation(), first.click()]);
      expect((await page.$$("main svg")).length >= 1, "activity: no chart or route drawn", problems);
    }
  });

  await step("insights", async () => {
    await page.goto(base + "/insights");
    const t = await text();
    expect(/load/i.test(t), "insights: no load section", problems);
    expect((await page.$$("main svg")).length >= 1, "insights: no chart", problems);
  });

  await step("warning-sign", async () => {
    await page.goto(base + "/today");
    await page.selectOption("#pain-region", "lower-back");
    await page.fill("#pain-nrs", "4");
    await page.fill("#pain-note", "since this morning my groin feels numb and I can't pee properly");
    await Promise.all([page.waitForNavigation(), page.click("#pain-save")]);
    expect(page.url().includes("/today/red-flags"), `warning sign: not led to the red-flag questions (at ${page.url()})`, problems);
    for (const yes of await page.$$('#red-flags-form input[value="yes"]')) await yes.check();
    await Promise.all([page.waitForNavigation(), page.click("#red-flags-save")]);
    expect(/stop/i.test(await text()), "warning sign: no stop page after a yes", problems);
    await page.goto(base + "/plan");
    expect((await page.$("#plan-stop")) !== null, "warning sign: the plan page still shows a plan", problems);
    await page.goto(base + "/today");
    expect((await page.$("#player")) === null, "warning sign: today still offers the routine", problems);
  });
}
