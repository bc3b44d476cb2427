(() => {
  "use strict";
  const to = document.getElementById("to");
  const amount = document.getElementById("amount");
  const send = document.getElementById("send");
  const paid = document.getElementById("paid");
  const message = document.getElementById("message");

  // The control path needs Content-Type: application/json: same-origin fetch may send it, a
  // form or another site's script may not. The amount goes as the text typed, never a float.
  send.addEventListener("click", async () => {
    send.disabled = true;
    paid.textContent = "";
    message.textContent = "";
    try {
      const response = await fetch("/_mock/transfers", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ to: to.value.trim(), amount: amount.value.trim() }),
      });
      const answer = await response.json().catch(() => ({}));
      if (response.ok) {
        const invoice = answer.invoice;
        paid.textContent = "Sent: invoice " + invoice.uuid + " is " + invoice.status
          + (invoice.order_id ? ", for order " + invoice.order_id : "") + ".";
      } else {
        message.textContent = answer.detail || "The server answered " + response.status + ".";
      }
    } catch (error) {
      message.textContent = "The server could not be reached: " + error;
    }
    send.disabled = false;
  });
})();
