from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query
from fastapi.responses import Response

from api.deps import SettingsDep
from legalqa.claims import build_claims, claim_sheet_csv
from legalqa.schemas import ClaimSheet, ClaimsRequest, ErrorOut

router = APIRouter(tags=["claims"])

EXAMPLE = {"facts": {"city": "东莞", "hire_date": "2022-01-01", "end_date": "2024-12-31"},
            "claims": [{"calculator": "severance",
                        "inputs": {"reason": "unlawful_termination", "hire_date": "2022-01-01",
                                   "employment_end_date": "2024-12-31", "monthly_wage": 6000, "city": "东莞"}},
                       {"calculator": "unpaid_wages", "inputs": {"monthly_wage": 6000, "days_worked": 15,
                                                                 "month": "2024-12"}}]}


@router.post("/claims", response_model=ClaimSheet,
             summary="The claim sheet (仲裁请求): several claims computed from one set of facts, with one total",
             description="Each claim is a calculator with its inputs (an amount) or a request in words without an "
                         "amount. A request that the employer enrol the worker in social insurance or pay its "
                         "contributions is refused (422): in Guangdong it is not a labour dispute "
                         "(粤高法〔2012〕284号 纪要 第1条). `?format=csv` gives the sheet as CSV (UTF-8 with BOM). "
                         "The facts are used for this request only, neither stored nor logged.",
             responses={200: {"content": {"text/csv": {}}},
                        422: {"model": ErrorOut, "description": "a claim that cannot be on the sheet, and why"}})
def claims(body: Annotated[ClaimsRequest, Body(openapi_examples={"dongguan": {"summary": "2N award and unpaid days",
                                                                      "value": EXAMPLE}})],
           settings: SettingsDep,
           format: Annotated[Literal["json", "csv"], Query(description="json (default) or csv")] = "json",
           ) -> ClaimSheet | Response:
    sheet = build_claims(body.facts, body.claims, settings)
    if format == "csv":
        return Response(claim_sheet_csv(sheet), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="claims.csv"'})
    return sheet
