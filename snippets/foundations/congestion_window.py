"""시뮬레이션: TCP Reno의 혼잡 윈도우(cwnd)가 왕복(RTT)마다 어떻게 바뀌는지 그립니다(RFC 5681).

진짜 네트워크가 아니라, 규칙을 보여 주려고 단순하게 만든 모형입니다.

* 단위는 세그먼트(MSS 하나), 시간은 라운드(RTT 하나)입니다. 보내는 쪽은 라운드마다 cwnd만큼 보냅니다.
* 보내는 쪽은 RFC 5681의 규칙을 ACK 하나마다 적용합니다. 라운드 단위의 모양(두 배, +1, 절반)은
  그 결과로 나타나고, 실습은 그 모양을 추적에서 확인합니다.
* 병목(BOTTLENECK)보다 많이 보낸 라운드에는 한 세그먼트가 버려집니다. 어느 세그먼트인지는 시드를
  고정한 난수로 정하므로 몇 번을 실행해도 같은 결과입니다. 정해 둔 라운드(OUTAGE)에는 모두 사라집니다.

출력은 HTML(SVG 그래프와 표)입니다: ``python congestion_window.py > cwnd.html`` 후 브라우저로 여세요.
"""

import random
from html import escape

from labkit.charts import Chart, Line, Marker, line_chart

ROUNDS, BOTTLENECK, OUTAGE, SEED = 72, 40, 50, 7


def simulate() -> list[dict]:
    rng = random.Random(SEED)
    cwnd, ssthresh, acked = 1, float("inf"), 0  # 초기 ssthresh는 "임의로 크게"(RFC 5681 §3.1)
    trace = []
    for number in range(ROUNDS):
        sent, used_ssthresh, phase = cwnd, ssthresh, "슬로 스타트" if cwnd < ssthresh else "혼잡 회피"
        if number == OUTAGE:
            lost_at = 0  # 경로가 잠시 끊겨 모든 세그먼트가 사라짐
        elif sent > BOTTLENECK:
            lost_at = rng.randrange(sent)  # 병목 큐가 넘쳐 하나가 버려짐
        else:
            lost_at = None
        new_acks = sent if lost_at is None else lost_at  # 빠진 세그먼트 앞까지만 새 ACK
        duplicate_acks = 0 if lost_at is None or number == OUTAGE else sent - lost_at - 1
        for _ in range(new_acks):  # ACK 하나마다
            if cwnd < ssthresh:
                cwnd += 1  # 슬로 스타트: ACK마다 +1 MSS → 라운드마다 두 배
            else:
                acked += 1  # 혼잡 회피: cwnd만큼 확인될 때마다 +1 MSS → 라운드마다 +1
                if acked >= cwnd:
                    cwnd, acked = cwnd + 1, 0
        event = ""
        if lost_at is not None:
            ssthresh, acked = max(sent // 2, 2), 0  # 손실: ssthresh = max(FlightSize/2, 2 MSS)
            if duplicate_acks >= 3:
                event, cwnd = "중복 ACK 3개", ssthresh  # 빠른 재전송 → 빠른 회복이 끝나면 cwnd = ssthresh
            else:
                event, cwnd = "시간 초과", 1  # 재전송 타이머 만료 → cwnd = 1 MSS, 슬로 스타트부터
        trace.append({"round": number, "cwnd": sent, "ssthresh": used_ssthresh, "phase": phase, "event": event})
    return trace


def check(trace: list[dict]) -> dict[str, int]:
    """추적에서 규칙을 확인합니다. 라운드 k의 단계와 사건이 라운드 k+1의 cwnd와 ssthresh를 정합니다."""
    seen = {"슬로 스타트": 0, "혼잡 회피": 0, "중복 ACK 3개": 0, "시간 초과": 0}
    for now, after in zip(trace, trace[1:], strict=False):
        if now["event"] == "중복 ACK 3개":
            assert after["cwnd"] == after["ssthresh"] == max(now["cwnd"] // 2, 2), now  # 절반으로
        elif now["event"] == "시간 초과":
            assert after["cwnd"] == 1 and after["ssthresh"] == max(now["cwnd"] // 2, 2), now  # 1로
        elif now["phase"] == "슬로 스타트":
            assert after["cwnd"] == min(2 * now["cwnd"], now["ssthresh"]), now  # 두 배, ssthresh까지
        else:
            assert after["cwnd"] == now["cwnd"] + 1, now  # +1 MSS
        seen[now["event"] or now["phase"]] += 1
    assert all(seen.values()), f"네 가지 경우가 모두 나와야 합니다: {seen}"
    return seen


trace = simulate()
seen = check(trace)
tampered = [dict(row) for row in trace]  # 대조: 손실 뒤에도 cwnd를 줄이지 않은 가짜 추적
first_loss = next(i for i, row in enumerate(tampered) if row["event"] == "중복 ACK 3개")
tampered[first_loss + 1]["cwnd"] = tampered[first_loss]["cwnd"]
try:
    check(tampered)
    caught = False
except AssertionError:
    caught = True
assert caught, "검사가 규칙을 어긴 추적을 잡아내야 합니다"
rounds = [row["round"] for row in trace]
chart = Chart(
    title="TCP Reno 혼잡 윈도우 시뮬레이션",
    description=(
        f"라운드(RTT)마다의 cwnd와 ssthresh. 슬로 스타트로 1에서 두 배씩 늘다가 병목 {BOTTLENECK}을 넘자 "
        f"손실이 나고, 중복 ACK 3개로 알아챈 손실 {seen['중복 ACK 3개']}번은 절반으로, "
        f"시간 초과 {seen['시간 초과']}번은 1로 줄어듭니다. 그 사이에는 라운드마다 1씩 늘어 톱니 모양이 됩니다."
    ),
    x_label="라운드 (왕복 시간 RTT 하나)",
    y_label="세그먼트(MSS) 수",
    ident="cwnd-chart",
    lines=[
        Line("cwnd", [(r["round"], r["cwnd"]) for r in trace]),
        Line("병목", [(0, BOTTLENECK), (ROUNDS - 1, BOTTLENECK)], color="#2e7d32", dashed=True),
        Line(
            "ssthresh",
            [(r["round"], None if r["ssthresh"] == float("inf") else r["ssthresh"]) for r in trace],
            color="var(--md-default-fg-color--light, #757575)",
            dashed=True,
            step=True,
        ),
    ],
    markers=[
        Marker("중복 ACK 3개", [(r["round"], r["cwnd"]) for r in trace if r["event"] == "중복 ACK 3개"], "triangle"),
        Marker("시간 초과", [(r["round"], r["cwnd"]) for r in trace if r["event"] == "시간 초과"], "cross", "#c62828"),
    ],
)
print('<figure class="lab-chart">')
print(line_chart(chart))
print(f"<figcaption>시뮬레이션(시드 {SEED}, 병목 {BOTTLENECK} MSS, {OUTAGE}번째 라운드에 경로 끊김)</figcaption>")
print("</figure>")
print("<details><summary>라운드별 추적 표</summary>")
print("<table><thead><tr><th>라운드</th><th>cwnd</th><th>ssthresh</th><th>단계</th><th>사건</th></tr></thead><tbody>")
for r in trace:
    threshold = "∞" if r["ssthresh"] == float("inf") else r["ssthresh"]
    cells = (r["round"], r["cwnd"], threshold, r["phase"], r["event"] or "")
    print("<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in cells) + "</tr>")
print("</tbody></table></details>")
print(
    f"<p>확인: 슬로 스타트 라운드 {seen['슬로 스타트']}개는 두 배(ssthresh까지), "
    f"혼잡 회피 라운드 {seen['혼잡 회피']}개는 +1, 중복 ACK 3개 {seen['중복 ACK 3개']}번은 절반, "
    f"시간 초과 {seen['시간 초과']}번은 1로 줄었습니다. "
    "대조로, 손실 뒤에도 cwnd를 줄이지 않게 고친 가짜 추적은 같은 검사에서 걸렸습니다.</p>"
)
