// The Plan page: a "Copy" button beside the calendar subscription address.
// Without JavaScript the address is still there to select and copy.
document.addEventListener("DOMContentLoaded", () => {
  const field = document.getElementById("feed-url");
  if (!field || !navigator.clipboard) return;
  const button = document.createElement("button");
  button.type = "button";
  button.id = "copy-feed-url";
  button.className = "secondary";
  button.textContent = "Copy the address";
  const said = document.createElement("span");
  said.setAttribute("role", "status");
  said.className = "muted";
  button.addEventListener("click", () => {
    navigator.clipboard.writeText(field.value).then(
      () => { said.textContent = " Copied."; },
      () => { field.select(); said.textContent = " Select the address and copy it."; }
    );
  });
  field.after(button, said);
});
