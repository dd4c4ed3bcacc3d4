from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import SettingsDep
from legalqa.offices import OfficesOut, load_offices
from legalqa.schemas import ErrorOut

router = APIRouter(tags=["offices"])


@router.get("/offices", response_model=OfficesOut,
            summary="Where to file: the competent arbitration commission(s) and the hotlines for a Guangdong city",
            responses={404: {"model": ErrorOut, "description": "not one of Guangdong's 21 cities"}})
def offices(settings: SettingsDep,
            city: Annotated[str, Query(min_length=1, max_length=50, examples=["东莞"],
                                       description="a Guangdong city: 东莞, 东莞市, Dongguan, 深圳市宝安区 …")],
            district: Annotated[str | None, Query(max_length=50, examples=["松山湖"],
                                                  description="district or town, where the worker named one")] = None,
            ) -> OfficesOut:
    return load_offices(settings.offices_dir).lookup(city, district)
