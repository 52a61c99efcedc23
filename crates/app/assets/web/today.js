// The routine player of the Today page. Without this script the page
// shows every exercise with its dose and steps, and a plain form to log
// the routine; with it, a player walks the rounds: a visible and audible
// countdown for every timed hold, reps counted at a steady pace, pause,
// skip and done, and at the end the log form filled in with what was
// actually done (the runner still presses Save).
//
// Tests speed the clock up with `?speed=N` in the page's address or a
// `data-speed` attribute on the player (speed=20: a 15 s hold takes
// 0.75 s). The player's `data-state` says idle, running, paused or
// finished.
"use strict";
(function () {
  var root = document.querySelector("[data-routine-player]");
  if (!root) {
    return;
  }

  // Seconds of the phases that are not the dose itself.
  var GET_READY_S = 3;
  var RELAX_S = 2;
  var REP_TEMPO_S = 3;

  function speedOf() {
    var fromQuery = new URLSearchParams(window.location.search).get("speed");
    var value = parseFloat(fromQuery || root.getAttribute("data-speed") || "1");
    if (!isFinite(value) || value <= 0) {
      return 1;
    }
    return Math.min(Math.max(value, 0.1), 1000);
  }
  var speed = speedOf();

  var el = function (id) {
    return document.getElementById(id);
  };
  var title = el("player-title");
  var progress = el("player-progress");
  var countdown = el("player-countdown");
  var live = el("player-live");
  var summary = el("player-summary");
  var startButton = el("player-start");
  var pauseButton = el("player-pause");
  var skipButton = el("player-skip");
  var doneButton = el("player-done");

  var exercises = Array.prototype.map.call(
    document.querySelectorAll("[data-step]"),
    function (node) {
      return {
        node: node,
        id: node.getAttribute("data-id"),
        name: node.getAttribute("data-name"),
        sets: Math.max(1, parseInt(node.getAttribute("data-sets"), 10) || 1),
        reps: Math.max(1, parseInt(node.getAttribute("data-reps"), 10) || 1),
        perSide: node.getAttribute("data-per-side") === "1",
        hold: Math.max(0, parseInt(node.getAttribute("data-hold"), 10) || 0),
        roundsDone: 0,
        skipped: 0
      };
    }
  );
  if (exercises.length === 0) {
    return;
  }

  // The tasks: each round, each exercise prescribed that many rounds.
  var rounds = exercises.reduce(function (m, e) {
    return Math.max(m, e.sets);
  }, 1);
  var tasks = [];
  for (var r = 1; r <= rounds; r += 1) {
    exercises.forEach(function (e) {
      if (e.sets >= r) {
        tasks.push({ exercise: e, round: r });
      }
    });
  }

  // One task as phases: get ready, then each rep (a hold, or one rep at
  // the tempo), with a short relax between holds.
  function phasesOf(task) {
    var e = task.exercise;
    var sides = e.perSide ? ["left side", "right side"] : [""];
    var phases = [{ kind: "ready", seconds: GET_READY_S, label: "Get ready" }];
    if (e.hold > 0) {
      sides.forEach(function (side) {
        for (var i = 1; i <= e.reps; i += 1) {
          phases.push({
            kind: "hold",
            seconds: e.hold,
            label: "Hold " + i + " of " + e.reps + (side ? ", " + side : "")
          });
          if (i < e.reps || side === "left side") {
            phases.push({ kind: "relax", seconds: RELAX_S, label: "Relax" });
          }
        }
      });
    } else {
      sides.forEach(function (side) {
        for (var i = 1; i <= e.reps; i += 1) {
          phases.push({
            kind: "rep",
            seconds: REP_TEMPO_S,
            label: "Rep " + i + " of " + e.reps + (side ? ", " + side : "")
          });
        }
      });
    }
    return phases;
  }

  // Sound: a Web Audio beep (made on the first press, as browsers ask).
  var audio = null;
  function beep(frequency, ms) {
    if (!audio) {
      return;
    }
    try {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.frequency.value = frequency;
      gain.gain.value = 0.15;
      osc.connect(gain);
      gain.connect(audio.destination);
      osc.start();
      osc.stop(audio.currentTime + ms / 1000);
    } catch (err) {
      audio = null;
    }
  }

  var state = "idle";
  var taskIndex = 0;
  var phases = [];
  var phaseIndex = 0;
  var remainingMs = 0;
  var lastTick = 0;
  var lastWhole = -1;
  var timer = null;

  function setState(next) {
    state = next;
    root.setAttribute("data-state", next);
    var active = next === "running" || next === "paused";
    pauseButton.disabled = !active;
    skipButton.disabled = !active;
    doneButton.disabled = !active;
    startButton.disabled = active;
    pauseButton.textContent = next === "paused" ? "Resume" : "Pause";
  }

  function say(text) {
    live.textContent = text;
  }

  function showTask() {
    var task = tasks[taskIndex];
    var e = task.exercise;
    exercises.forEach(function (x) {
      x.node.classList.toggle("current", x === e);
    });
    title.textContent = e.name;
    var dose = e.reps + (e.perSide ? " a side" : "") + (e.hold > 0 ? ", " + e.hold + " s holds" : "");
    progress.textContent =
      "Round " + task.round + " of " + rounds + " · exercise " +
      (exercises.indexOf(e) + 1) + " of " + exercises.length + " · " + dose;
  }

  function showPhase() {
    var phase = phases[phaseIndex];
    var seconds = Math.max(0, Math.ceil(remainingMs / 1000));
    if (phase.kind === "hold" || phase.kind === "ready" || phase.kind === "relax") {
      countdown.textContent = phase.label + ": " + seconds + " s";
    } else {
      countdown.textContent = phase.label;
    }
  }

  function startPhase() {
    var phase = phases[phaseIndex];
    remainingMs = phase.seconds * 1000;
    lastWhole = phase.seconds;
    say(tasks[taskIndex].exercise.name + ": " + phase.label);
    if (phase.kind === "hold") {
      beep(660, 120);
    }
    showPhase();
  }

  function finishTask(done) {
    var e = tasks[taskIndex].exercise;
    if (done) {
      e.roundsDone += 1;
    } else {
      e.skipped += 1;
    }
    taskIndex += 1;
    if (taskIndex >= tasks.length) {
      finish();
      return;
    }
    phases = phasesOf(tasks[taskIndex]);
    phaseIndex = 0;
    showTask();
    startPhase();
  }

  function nextPhase() {
    var phase = phases[phaseIndex];
    if (phase.kind === "hold") {
      beep(880, 350);
    } else if (phase.kind === "rep") {
      beep(520, 60);
    }
    phaseIndex += 1;
    if (phaseIndex >= phases.length) {
      finishTask(true);
      return;
    }
    startPhase();
  }

  function tick() {
    if (state !== "running") {
      return;
    }
    var now = performance.now();
    remainingMs -= (now - lastTick) * speed;
    lastTick = now;
    var phase = phases[phaseIndex];
    var whole = Math.ceil(remainingMs / 1000);
    if (phase.kind === "hold" && whole !== lastWhole && whole > 0 && whole <= 3) {
      beep(440, 80);
    }
    lastWhole = whole;
    // Several phases may end within one tick at a high speed.
    var guard = 0;
    while (state === "running" && remainingMs <= 0 && guard < 1000) {
      var carry = remainingMs;
      nextPhase();
      if (state === "running") {
        remainingMs += carry;
      }
      guard += 1;
    }
    if (state === "running") {
      showPhase();
    }
  }

  function finish() {
    clearInterval(timer);
    timer = null;
    setState("finished");
    exercises.forEach(function (e) {
      e.node.classList.remove("current");
      e.node.classList.toggle("was-done", e.roundsDone > 0);
      e.node.classList.toggle("was-skipped", e.roundsDone === 0);
    });
    title.textContent = "Routine finished";
    countdown.textContent = "Well done";
    beep(880, 200);
    // Rounds: how many rounds had at least one exercise done.
    var roundsDone = 0;
    for (var r = 1; r <= rounds; r += 1) {
      if (exercises.some(function (e) { return e.roundsDone >= r; })) {
        roundsDone = r;
      }
    }
    var done = exercises.filter(function (e) { return e.roundsDone > 0; });
    var skipped = exercises.filter(function (e) { return e.roundsDone === 0; });
    var text = done.length === 0
      ? "Nothing was done this time; nothing to log."
      : "Done: " + done.map(function (e) { return e.name; }).join(", ") +
        (skipped.length ? ". Skipped: " + skipped.map(function (e) { return e.name; }).join(", ") : "") +
        ". " + roundsDone + " round(s). Check the form below and press Save.";
    progress.textContent = "All rounds through.";
    summary.textContent = text;
    summary.hidden = false;
    say(text);
    // Fill in the log form with what was done.
    exercises.forEach(function (e) {
      var box = document.getElementById("done-" + e.id);
      if (box) {
        box.checked = e.roundsDone > 0;
      }
    });
    var roundsField = document.getElementById("routine-rounds");
    if (roundsField && roundsDone > 0) {
      roundsField.value = String(roundsDone);
    }
    var save = document.getElementById("routine-save");
    if (save && done.length > 0) {
      save.focus();
    }
  }

  startButton.addEventListener("click", function () {
    if (!audio) {
      var Context = window.AudioContext || window.webkitAudioContext;
      if (Context) {
        try {
          audio = new Context();
        } catch (err) {
          audio = null;
        }
      }
    }
    exercises.forEach(function (e) {
      e.roundsDone = 0;
      e.skipped = 0;
      e.node.classList.remove("was-done", "was-skipped");
    });
    summary.hidden = true;
    taskIndex = 0;
    phases = phasesOf(tasks[0]);
    phaseIndex = 0;
    setState("running");
    showTask();
    startPhase();
    lastTick = performance.now();
    clearInterval(timer);
    timer = setInterval(tick, 50);
    startButton.textContent = "Start again";
  });

  pauseButton.addEventListener("click", function () {
    if (state === "running") {
      setState("paused");
      say("Paused");
      showPhase();
    } else if (state === "paused") {
      lastTick = performance.now();
      setState("running");
      say("Resumed");
    }
  });

  skipButton.addEventListener("click", function () {
    if (state === "running" || state === "paused") {
      if (state === "paused") {
        setState("running");
        lastTick = performance.now();
      }
      finishTask(false);
    }
  });

  doneButton.addEventListener("click", function () {
    if (state === "running" || state === "paused") {
      if (state === "paused") {
        setState("running");
        lastTick = performance.now();
      }
      finishTask(true);
    }
  });

  root.setAttribute("data-speed", String(speed));
  root.hidden = false;
  setState("idle");
})();
